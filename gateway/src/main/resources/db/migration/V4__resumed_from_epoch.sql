-- Epochs a trainer restored from a checkpoint (another trainer died mid-run); 0 when trained in one go.
ALTER TABLE experiment ADD COLUMN resumed_from_epoch INT NOT NULL DEFAULT 0;
