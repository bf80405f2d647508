package dev.ferlab.common.models;

/** Where a trained model lives in bucket {@code models}. */
public final class ModelFiles {
    public static final String NAME = "model";
    public static final String PARAMS = NAME + ".params";
    /** The local file name {@code Model.load(dir, NAME)} finds: DJL numbers parameter files by epoch. */
    public static final String LOCAL_PARAMS = NAME + "-0000.params";
    public static final String DESCRIPTOR = "model.json";
    /** Imported weights: {@code pretrained/<model>/<sha-256>.safetensors}, named by content, beside the descriptor. */
    public static final String SAFETENSORS_SUFFIX = ".safetensors";
    /**
     * The {@code models.trained} event of the model, stored last beside it: its presence means the model is
     * complete, and a trainer can announce it again without training (a lost event, a stalled experiment).
     */
    public static final String TRAINED = "trained.json";

    private ModelFiles() {
    }

    /**
     * Key prefix (ending in "/") of the pretrained weights that {@code partial} and {@code full} transfer modes
     * start from: the {@link #DESCRIPTOR}, written last, and the weights file it names (imported safetensors, or
     * {@link #PARAMS} as a trained experiment stores them).
     */
    public static String pretrainedPrefix(dev.ferlab.common.spec.ModelArchitecture architecture) {
        return "pretrained/" + architecture.id() + "/";
    }

    /** Key prefix (ending in "/") of everything one experiment stores: checkpoints, final model, predictions. */
    public static String experimentFolder(String experimentId) {
        return "experiments/" + experimentId + "/";
    }

    /** Key prefix (ending in "/") of one experiment's latest checkpoint: its parameters, then its record. */
    public static String checkpointPrefix(String experimentId) {
        return experimentFolder(experimentId) + "checkpoints/";
    }

    /** Key prefix (ending in "/") of one experiment's final model. */
    public static String experimentPrefix(String experimentId) {
        return experimentFolder(experimentId) + "final/";
    }

    /**
     * Key prefix (ending in "/") of one experiment's evaluation on one dataset: the per-image predictions of each
     * split evaluated there. The dataset reference is hashed, since it may be a path.
     */
    public static String evaluationPrefix(String experimentId, String dataset) {
        return experimentFolder(experimentId) + "evaluations/"
                + dev.ferlab.common.hash.Sha256.hex(dataset).substring(0, 16) + "/";
    }
}
