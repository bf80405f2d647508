package dev.ferlab.models;

/** Where a trained model lives in bucket {@code models}. */
public final class ModelFiles {
    /** DJL looks for {@code <name>.params} when loading by name. */
    public static final String NAME = "model";
    public static final String PARAMS = NAME + ".params";
    public static final String DESCRIPTOR = "model.json";

    private ModelFiles() {
    }

    /** Key prefix (ending in "/") of one experiment's final model. */
    public static String experimentPrefix(String experimentId) {
        return "experiments/" + experimentId + "/final/";
    }
}
