-- The leakage audit of the experiment's shard set (LeakageAudit as JSON): what its validation and test images share
-- with training. Null until its shards are ready, and for sets written before the audit existed.
ALTER TABLE experiment ADD COLUMN leakage JSONB;
