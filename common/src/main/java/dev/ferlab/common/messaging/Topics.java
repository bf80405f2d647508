package dev.ferlab.common.messaging;

/** Kafka topic names shared by every service; the only place they are spelled. */
public final class Topics {
    public static final String EXPERIMENTS_REQUESTED = "experiments.requested";
    public static final String PREPROCESSING_PROGRESS = "preprocessing.progress";
    public static final String SHARDS_READY = "shards.ready";
    /** A trainer took an experiment from the queue; until then it waits for one. */
    public static final String TRAINING_STARTED = "training.started";
    public static final String TRAINING_PROGRESS = "training.progress";
    public static final String MODELS_TRAINED = "models.trained";
    public static final String EVALUATIONS_REQUESTED = "evaluations.requested";
    /** The preprocessor has prepared a cross-dataset evaluation's target; the evaluator consumes this. */
    public static final String EVALUATIONS_PREPARED = "evaluations.prepared";
    public static final String EVALUATIONS_COMPLETED = "evaluations.completed";
    /** A requested cross-dataset evaluation could not be done (the experiment itself stays completed). */
    public static final String EVALUATIONS_FAILED = "evaluations.failed";
    public static final String EXPERIMENTS_FAILED = "experiments.failed";
    /** The gateway cancelled an experiment; the trainers stop it. */
    public static final String EXPERIMENTS_CANCELLED = "experiments.cancelled";

    /** Suffix of every dead-letter topic (see {@link #deadLetter}). */
    public static final String DLQ_SUFFIX = ".dlq";

    /**
     * Partitions of {@link #SHARDS_READY}: trainers form one consumer group, so this bounds the useful fleet size.
     */
    public static final int SHARDS_READY_PARTITIONS = 12;
    public static final int DEFAULT_PARTITIONS = 3;

    public static final String[] ALL = {
        EXPERIMENTS_REQUESTED, PREPROCESSING_PROGRESS, SHARDS_READY, TRAINING_STARTED, TRAINING_PROGRESS,
        MODELS_TRAINED, EVALUATIONS_REQUESTED, EVALUATIONS_PREPARED, EVALUATIONS_COMPLETED, EVALUATIONS_FAILED,
        EXPERIMENTS_FAILED, EXPERIMENTS_CANCELLED
    };

    /**
     * The dead-letter topic of one consumer group for one topic, {@code <topic>.<group>.dlq}: each group's rejects
     * stay its own, so a replay reaches the group that could not handle them and says which one that was.
     */
    public static String deadLetter(String group, String topic) {
        return topic + "." + group + DLQ_SUFFIX;
    }

    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DLQ_SUFFIX);
    }

    public static int partitions(String topic) {
        return SHARDS_READY.equals(topic) ? SHARDS_READY_PARTITIONS : DEFAULT_PARTITIONS;
    }

    private Topics() {
    }
}
