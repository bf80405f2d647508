package dev.ferlab.common.storage;

/** Object-store buckets; each has one writer (see DESIGN.md). */
public final class Buckets {
    /** Raw datasets as imported (gateway). */
    public static final String DATASETS = "datasets";
    /** Content-addressed shard sets (preprocess-service). */
    public static final String SHARDS = "shards";
    /** Checkpoints and final weights (trainer-service). */
    public static final String MODELS = "models";

    public static final String[] ALL = {DATASETS, SHARDS, MODELS};

    private Buckets() {
    }
}
