-- Owned by evaluator-service. One evaluation per (experiment, dataset, split): a redelivered
-- models.trained message cannot write a second one.
CREATE TABLE evaluation (
    id                  BIGSERIAL PRIMARY KEY,
    experiment_id       VARCHAR(64)      NOT NULL,
    dataset             TEXT             NOT NULL,
    split               VARCHAR(16)      NOT NULL,
    size                BIGINT           NOT NULL,
    accuracy            DOUBLE PRECISION NOT NULL,
    macro_precision     DOUBLE PRECISION NOT NULL,
    macro_recall        DOUBLE PRECISION NOT NULL,
    macro_f1            DOUBLE PRECISION NOT NULL,
    weighted_precision  DOUBLE PRECISION NOT NULL,
    weighted_recall     DOUBLE PRECISION NOT NULL,
    weighted_f1         DOUBLE PRECISION NOT NULL,
    loss                DOUBLE PRECISION,
    majority_baseline   DOUBLE PRECISION NOT NULL,
    classes             JSONB            NOT NULL,
    confusion_matrix    JSONB            NOT NULL,
    evaluated_at        TIMESTAMPTZ      NOT NULL,
    CONSTRAINT evaluation_once UNIQUE (experiment_id, dataset, split)
);

CREATE TABLE class_metric (
    id              BIGSERIAL PRIMARY KEY,
    evaluation_id   BIGINT           NOT NULL REFERENCES evaluation (id) ON DELETE CASCADE,
    class_index     INT              NOT NULL,
    label           VARCHAR(32)      NOT NULL,
    precision       DOUBLE PRECISION NOT NULL,
    recall          DOUBLE PRECISION NOT NULL,
    f1              DOUBLE PRECISION NOT NULL,
    support         BIGINT           NOT NULL,
    predicted       BIGINT           NOT NULL,
    -- precision or recall was 0/0 and reported as 0 (scikit-learn's zero_division=0)
    zero_division   BOOLEAN          NOT NULL,
    CONSTRAINT class_metric_once UNIQUE (evaluation_id, class_index)
);
