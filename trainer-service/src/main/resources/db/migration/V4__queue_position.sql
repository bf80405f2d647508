-- Each waiting experiment's place in the queue (1 is taken next: claims go by enqueued_at, then id), for the
-- gateway's API and for SQL dashboards; null while it is held or once it has finished. Columns may only be added
-- at the end of a view that is replaced.
CREATE OR REPLACE VIEW training_queue_state AS
SELECT experiment_id, enqueued_at, holder, attempts, lease_expires_at, finished_at, outcome,
       finished_at IS NULL AND holder IS NOT NULL AND lease_expires_at > now() AS held,
       CASE WHEN finished_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at < now())
            THEN row_number() OVER (
                 PARTITION BY finished_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at < now())
                 ORDER BY enqueued_at, experiment_id)
       END AS queue_position
  FROM training_queue;
