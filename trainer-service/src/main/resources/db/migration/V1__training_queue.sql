-- Owned by trainer-service. The work queue of the trainer fleet: shards.ready messages land here
-- (one row per experiment, so a redelivered message adds nothing) and trainers claim rows with a
-- lease that they renew while training. A row is free when it has no holder or its lease expired;
-- every claim takes a new token, so a trainer whose lease was taken over can tell (README,
-- "How trainers share the work").
CREATE TABLE training_queue (
    experiment_id     VARCHAR(64) PRIMARY KEY,
    request           TEXT        NOT NULL,
    enqueued_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    holder            TEXT,
    token             BIGINT      NOT NULL DEFAULT 0,
    lease_expires_at  TIMESTAMPTZ,
    attempts          INT         NOT NULL DEFAULT 0,
    finished_at       TIMESTAMPTZ,
    outcome           VARCHAR(16),
    CONSTRAINT training_queue_outcome CHECK (outcome IN ('TRAINED', 'FAILED'))
);

-- The claim query looks for the oldest open row.
CREATE INDEX training_queue_open ON training_queue (enqueued_at) WHERE finished_at IS NULL;
