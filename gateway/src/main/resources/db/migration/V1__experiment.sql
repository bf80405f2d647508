-- Owned by the gateway: experiments as submitted, their status as the events report it, and
-- their learning curves.
CREATE TABLE experiment (
    id              VARCHAR(64)  PRIMARY KEY,
    status          VARCHAR(16)  NOT NULL,
    spec            JSONB        NOT NULL,
    dataset         TEXT         NOT NULL,
    model           VARCHAR(32)  NOT NULL,
    transfer_mode   VARCHAR(16)  NOT NULL,
    epochs          INT          NOT NULL,
    current_epoch   INT          NOT NULL DEFAULT 0,
    shard_set_id    VARCHAR(64),
    failure_stage   VARCHAR(16),
    failure_reason  TEXT,
    test_accuracy   DOUBLE PRECISION,
    macro_f1        DOUBLE PRECISION,
    result          JSONB,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX experiment_status ON experiment (status);
CREATE INDEX experiment_created ON experiment (created_at DESC);

CREATE TABLE epoch_metric (
    experiment_id        VARCHAR(64)      NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    epoch                INT              NOT NULL,
    train_loss           DOUBLE PRECISION,
    train_accuracy       DOUBLE PRECISION,
    validation_loss      DOUBLE PRECISION,
    validation_accuracy  DOUBLE PRECISION,
    images_per_second    DOUBLE PRECISION,
    epoch_seconds        DOUBLE PRECISION,
    PRIMARY KEY (experiment_id, epoch)
);
