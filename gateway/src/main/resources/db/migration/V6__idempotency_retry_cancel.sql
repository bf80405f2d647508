-- A retried submission with the same Idempotency-Key returns the experiment the first one created.
ALTER TABLE experiment ADD COLUMN idempotency_key VARCHAR(200) UNIQUE;
-- A retry of a failed or cancelled experiment is a new experiment that names the one it retries.
ALTER TABLE experiment ADD COLUMN retry_of VARCHAR(64) REFERENCES experiment (id);
