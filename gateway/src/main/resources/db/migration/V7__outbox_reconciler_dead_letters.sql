-- Every event the gateway publishes is first written here, in the transaction that stores what it announces
-- (a transactional outbox): the relay sends pending rows in order and marks them sent, so a row and its event
-- go together even when the broker is away or the gateway stops between the two.
CREATE TABLE outbox (
    id           BIGSERIAL    PRIMARY KEY,
    topic        VARCHAR(200) NOT NULL,
    -- Null only for a replayed dead letter that had no key.
    message_key  VARCHAR(200),
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at      TIMESTAMPTZ,
    attempts     INT          NOT NULL DEFAULT 0,
    last_error   TEXT,
    -- Set when the broker refused the event for a reason of its own (too large, say) five times: kept here with
    -- the error, and the relay goes on with the next (the reconciler publishes a stalled experiment's request anew).
    given_up_at  TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL AND given_up_at IS NULL;

-- The reconciler: when an experiment last moved, since when it has made no progress past its stage's deadline,
-- and how often it was driven on (its stage's input published again).
ALTER TABLE experiment ADD COLUMN progress_at TIMESTAMPTZ;
UPDATE experiment SET progress_at = updated_at;
ALTER TABLE experiment ALTER COLUMN progress_at SET NOT NULL;
ALTER TABLE experiment ADD COLUMN stalled_since TIMESTAMPTZ;
ALTER TABLE experiment ADD COLUMN redriven_at TIMESTAMPTZ;
ALTER TABLE experiment ADD COLUMN redrives INT NOT NULL DEFAULT 0;
-- Set when its models.trained arrives: a retry of such an experiment evaluates the stored model again.
ALTER TABLE experiment ADD COLUMN trained_at TIMESTAMPTZ;
CREATE INDEX experiment_open ON experiment (progress_at) WHERE status IN ('QUEUED', 'PREPROCESSING', 'TRAINING', 'EVALUATING');

-- The study's name of the experiment's preprocessing (raw, undersampled, clahe+smote, ...), from the one list of
-- variants in common (PreprocessingVariant); the gateway fills it for rows older than this column at start.
ALTER TABLE experiment ADD COLUMN preprocessing_variant VARCHAR(32);

-- Dead-letter records replayed through the API (./ferlab dlq replay): a record is replayed once.
CREATE TABLE dead_letter_replay (
    topic        VARCHAR(255) NOT NULL,
    partition_id INT          NOT NULL,
    record_offset BIGINT      NOT NULL,
    replayed_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition_id, record_offset)
);
