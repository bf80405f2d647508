-- Where the preprocessor is with an experiment (from preprocessing.progress).
ALTER TABLE experiment ADD COLUMN preprocessing_step VARCHAR(64);
ALTER TABLE experiment ADD COLUMN preprocessing_done INT NOT NULL DEFAULT 0;
ALTER TABLE experiment ADD COLUMN preprocessing_total INT NOT NULL DEFAULT 0;
