-- Owned by the gateway: every registered dataset, its class counts and content hash. The files themselves
-- are in bucket datasets under the dataset's id.
CREATE TABLE dataset (
    id             VARCHAR(64)  PRIMARY KEY,
    name           TEXT         NOT NULL,
    format         VARCHAR(32)  NOT NULL,
    content_hash   VARCHAR(64)  NOT NULL,
    usage_splits   BOOLEAN      NOT NULL DEFAULT FALSE,
    class_counts   JSONB        NOT NULL,
    label_mapping  JSONB        NOT NULL,
    skipped        JSONB        NOT NULL,
    images         INT          NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    CONSTRAINT dataset_content_once UNIQUE (content_hash, format, usage_splits)
);
