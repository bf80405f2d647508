-- WAITING (shards ready, no trainer holds it yet) now comes between PREPROCESSING and TRAINING; TRAINING means a
-- trainer holds it, and trainer names which one last took it from the queue.
ALTER TABLE experiment ADD COLUMN trainer VARCHAR(255);
DROP INDEX experiment_open;
CREATE INDEX experiment_open ON experiment (progress_at)
    WHERE status IN ('QUEUED', 'PREPROCESSING', 'WAITING', 'TRAINING', 'EVALUATING');
