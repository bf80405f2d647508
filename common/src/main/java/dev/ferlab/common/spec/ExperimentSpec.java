package dev.ferlab.common.spec;

/**
 * One experiment, complete and valid: every field has a value. Built by {@link SpecValidator}.
 *
 * @param dataset            an image-folder path the services can read, or {@link #SYNTHETIC_DATASET}
 * @param maxBatchesPerEpoch a tiny-run switch: stop each epoch after this many batches (0 = no limit)
 * @param earlyStoppingPatience stop when the validation loss has not improved for this many epochs (0 = never)
 */
public record ExperimentSpec(
        String dataset,
        PreprocessingSpec preprocessing,
        ModelArchitecture model,
        TransferMode transferMode,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        int maxBatchesPerEpoch,
        int earlyStoppingPatience) {

    /** The built-in generated faces: the demo's data, needing nothing downloaded. */
    public static final String SYNTHETIC_DATASET = "builtin:synthetic-faces";

    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final long DEFAULT_SEED = 42;
}
