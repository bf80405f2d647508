-- Views for SQL dashboards (Grafana, Metabase) and the gateway's Table 1 export. They join the evaluator's tables
-- with the gateway's (experiment, epoch_metric, grid), so the evaluator creates them once the gateway's exist,
-- and again at every start (the definitions here are the truth). README, "Results in SQL", documents each column.
DROP VIEW IF EXISTS grid_summary, cross_dataset_results, learning_curves, class_results, experiment_results;

-- One row per experiment: the study's Table 1 columns (precision, recall, F1 are the test split's macro means).
CREATE VIEW experiment_results AS
SELECT x.id AS experiment_id,
       x.grid_id,
       x.status,
       x.dataset,
       x.model,
       x.transfer_mode,
       -- The variant's name as the gateway stored it from common's one list (PreprocessingVariant).
       x.preprocessing_variant AS preprocessing,
       (x.spec ->> 'seed')::bigint AS seed,
       x.epochs,
       tr.accuracy AS train_accuracy,
       va.accuracy AS validation_accuracy,
       te.accuracy AS test_accuracy,
       te.macro_precision AS test_precision,
       te.macro_recall AS test_recall,
       te.macro_f1 AS test_f1,
       te.weighted_precision AS test_weighted_precision,
       te.weighted_recall AS test_weighted_recall,
       te.weighted_f1 AS test_weighted_f1,
       tr.loss AS train_loss,
       va.loss AS validation_loss,
       te.loss AS test_loss,
       te.size AS test_size,
       te.majority_baseline AS test_majority_baseline,
       x.created_at,
       x.updated_at,
       -- The trainer that last took it from the queue (status WAITING: none yet; its place in the queue is
       -- training_queue_state.queue_position, the trainer's view).
       x.trainer
FROM experiment x
LEFT JOIN evaluation tr ON tr.experiment_id = x.id AND tr.request_id IS NULL AND tr.dataset = x.dataset
                       AND tr.split = 'train'
LEFT JOIN evaluation va ON va.experiment_id = x.id AND va.request_id IS NULL AND va.dataset = x.dataset
                       AND va.split = 'validation'
LEFT JOIN evaluation te ON te.experiment_id = x.id AND te.request_id IS NULL AND te.dataset = x.dataset
                       AND te.split = 'test';

-- One row per class of every evaluation (own splits and cross-dataset ones).
CREATE VIEW class_results AS
SELECT e.experiment_id,
       r.grid_id,
       r.model,
       r.transfer_mode,
       r.preprocessing,
       e.dataset,
       e.split,
       e.request_id IS NOT NULL AS cross_dataset,
       m.class_index,
       m.label,
       m.precision,
       m.recall,
       m.f1,
       m.support,
       m.predicted,
       m.zero_division
FROM class_metric m
JOIN evaluation e ON e.id = m.evaluation_id
LEFT JOIN experiment_results r ON r.experiment_id = e.experiment_id;

-- One row per trained epoch: the learning curves.
CREATE VIEW learning_curves AS
SELECT c.experiment_id,
       r.grid_id,
       r.model,
       r.transfer_mode,
       r.preprocessing,
       c.epoch,
       c.train_loss,
       c.train_accuracy,
       c.validation_loss,
       c.validation_accuracy,
       c.images_per_second,
       c.epoch_seconds
FROM epoch_metric c
JOIN experiment_results r ON r.experiment_id = c.experiment_id;

-- One row per cross-dataset evaluation, with what the model could not possibly get right.
CREATE VIEW cross_dataset_results AS
SELECT e.experiment_id,
       r.model,
       r.transfer_mode,
       r.preprocessing,
       r.dataset AS trained_on,
       e.dataset AS evaluated_on,
       e.split,
       e.request_id,
       e.size AS scored_images,
       e.target_images,
       e.unreachable_images,
       e.unreachable_share,
       e.absent_from_target,
       e.unknown_to_model,
       e.accuracy,
       e.macro_precision,
       e.macro_recall,
       e.macro_f1,
       e.loss,
       e.evaluated_at
FROM evaluation e
LEFT JOIN experiment_results r ON r.experiment_id = e.experiment_id
WHERE e.request_id IS NOT NULL;

-- One row per grid: progress and the best run.
CREATE VIEW grid_summary AS
SELECT g.id AS grid_id,
       g.name,
       g.created_at,
       count(r.experiment_id) AS experiments,
       count(*) FILTER (WHERE r.status = 'COMPLETED') AS completed,
       count(*) FILTER (WHERE r.status = 'FAILED') AS failed,
       count(*) FILTER (WHERE r.status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')) AS running,
       max(r.test_accuracy) AS best_test_accuracy,
       avg(r.test_accuracy) AS mean_test_accuracy,
       (array_agg(r.model || ' / ' || r.transfer_mode || ' / ' || r.preprocessing
                  ORDER BY r.test_accuracy DESC NULLS LAST))[1] AS best_configuration,
       max(r.updated_at) AS last_update,
       count(*) FILTER (WHERE r.status = 'CANCELLED') AS cancelled,
       -- Of the running: shards ready, no trainer yet; and held by a trainer.
       count(*) FILTER (WHERE r.status = 'WAITING') AS waiting,
       count(*) FILTER (WHERE r.status = 'TRAINING') AS training
FROM grid g
LEFT JOIN experiment_results r ON r.grid_id = g.id
GROUP BY g.id, g.name, g.created_at;
