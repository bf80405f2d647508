package dev.ferlab.common.spec;

import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import java.util.List;

/**
 * The named preprocessing variants, the study's three (raw, undersampled, CLAHE+SMOTE) and the ablations between
 * them: the one place their names, their settings and their Table 1 wording are spelled. A grid, the CLI and the
 * dashboard name them; the gateway stores each experiment's variant for the results views.
 */
public enum PreprocessingVariant implements NamedOption {
    RAW("raw", false, Balancing.NONE, ""),
    UNDERSAMPLED("undersampled", false, Balancing.UNDERSAMPLE, "Undersampling"),
    SMOTE("smote", false, Balancing.SMOTE, "SMOTE"),
    CLAHE("clahe", true, Balancing.NONE, "CLAHE"),
    CLAHE_SMOTE("clahe+smote", true, Balancing.SMOTE, "CLAHE SMOTE"),
    CLAHE_UNDERSAMPLED("clahe+undersampled", true, Balancing.UNDERSAMPLE, "CLAHE Undersampling");

    /** The study's three, in its order. */
    public static final List<PreprocessingVariant> STUDY = List.of(RAW, UNDERSAMPLED, CLAHE_SMOTE);

    private final String id;
    private final boolean clahe;
    private final Balancing balancing;
    private final String studyName;

    PreprocessingVariant(String id, boolean clahe, Balancing balancing, String studyName) {
        this.id = id;
        this.clahe = clahe;
        this.balancing = balancing;
        this.studyName = studyName;
    }

    @Override
    public String id() {
        return id;
    }

    /** How the study's Table 1 names a run of this variant after its model ("" for raw data). */
    public String studyName() {
        return studyName;
    }

    /** The submission that asks for it, every other setting at its default. */
    public PreprocessingSubmission submission() {
        return new PreprocessingSubmission(null, clahe, null, null, balancing.id(), null, null, null, null);
    }

    /** The variant of a spec: what its CLAHE and balancing make it, whatever its image size or CLAHE settings. */
    public static PreprocessingVariant of(PreprocessingSpec spec) {
        for (PreprocessingVariant v : values()) {
            if (v.clahe == spec.clahe() && v.balancing == spec.balancing()) {
                return v;
            }
        }
        throw new IllegalStateException("no variant for " + spec);
    }

    /** @throws IllegalArgumentException naming the known variants */
    public static PreprocessingVariant parse(String id) {
        return NamedOption.byId(PreprocessingVariant.class, id).orElseThrow(() -> new IllegalArgumentException(
                "unknown preprocessing variant '" + id + "'; expected one of " + NamedOption.ids(
                        PreprocessingVariant.class) + ", or an object such as {\"clahe\": true, \"balancing\": "
                        + "\"smote\"}"));
    }
}
