-- A user can cancel an experiment (experiments.cancelled): its row is closed with this outcome.
ALTER TABLE training_queue DROP CONSTRAINT training_queue_outcome;
ALTER TABLE training_queue ADD CONSTRAINT training_queue_outcome CHECK (outcome IN ('TRAINED', 'FAILED', 'CANCELLED'));
