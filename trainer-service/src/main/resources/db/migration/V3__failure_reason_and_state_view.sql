-- Why a FAILED experiment failed, so that a redelivered shards.ready (the gateway's reconciler driving a stalled
-- experiment on) can announce the outcome again instead of leaving the experiment without one.
ALTER TABLE training_queue ADD COLUMN reason TEXT;

-- What the gateway's reconciler may read of the queue (DESIGN.md: another service reads a table only through a
-- view its owner creates): whether an experiment is queued, held by a live trainer, or finished.
CREATE VIEW training_queue_state AS
SELECT experiment_id, enqueued_at, holder, attempts, lease_expires_at, finished_at, outcome,
       finished_at IS NULL AND holder IS NOT NULL AND lease_expires_at > now() AS held
  FROM training_queue;
