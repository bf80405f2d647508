-- Where each evaluation's per-image predictions are kept (bucket models), and what a cross-dataset evaluation
-- could not score: the classes one side lacks and the share of the target the model cannot get right.
ALTER TABLE evaluation ADD COLUMN request_id          VARCHAR(64);
ALTER TABLE evaluation ADD COLUMN predictions_key     TEXT;
ALTER TABLE evaluation ADD COLUMN target_images       BIGINT;
ALTER TABLE evaluation ADD COLUMN unreachable_images  BIGINT;
ALTER TABLE evaluation ADD COLUMN unreachable_share   DOUBLE PRECISION;
ALTER TABLE evaluation ADD COLUMN absent_from_target  JSONB;
ALTER TABLE evaluation ADD COLUMN unknown_to_model    JSONB;
CREATE INDEX evaluation_experiment ON evaluation (experiment_id);
