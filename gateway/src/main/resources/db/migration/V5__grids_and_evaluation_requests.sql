-- Grids: experiments submitted together as a cartesian product (or the study's preset), exported as Table 1.
CREATE TABLE grid (
    id               VARCHAR(64)  PRIMARY KEY,
    name             TEXT         NOT NULL,
    -- A client that retries a submission with the same key gets the same grid back.
    idempotency_key  VARCHAR(200) UNIQUE,
    request          JSONB        NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL
);
ALTER TABLE experiment ADD COLUMN grid_id VARCHAR(64) REFERENCES grid (id);
CREATE INDEX experiment_grid ON experiment (grid_id);

-- The experiment's own train and validation split accuracy (the test split's is test_accuracy).
ALTER TABLE experiment ADD COLUMN train_accuracy DOUBLE PRECISION;
ALTER TABLE experiment ADD COLUMN validation_accuracy DOUBLE PRECISION;

-- Cross-dataset evaluations asked for through the API, and what became of them.
CREATE TABLE evaluation_request (
    id             VARCHAR(64)  PRIMARY KEY,
    experiment_id  VARCHAR(64)  NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    dataset        TEXT         NOT NULL,
    split          VARCHAR(16)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    failure_stage  VARCHAR(16),
    failure_reason TEXT,
    result         JSONB,
    requested_at   TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX evaluation_request_experiment ON evaluation_request (experiment_id);
