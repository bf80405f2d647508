package dev.ferlab.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How much of a pretrained network is trained again (the study's three settings). */
public enum TransferMode implements NamedOption {
    /** Random initialisation, everything trained. */
    NONE("none", "%s"),
    /** Pretrained weights, only the last layers trainable. */
    PARTIAL("partial", "Partially Frozen %s (30%%)"),
    /** Pretrained weights, everything trainable. */
    FULL("full", "Pre-Trained %s");

    private final String id;
    private final String studyPattern;

    TransferMode(String id, String studyPattern) {
        this.id = id;
        this.studyPattern = studyPattern;
    }

    /** How the study's Table 1 names a model's run in this mode: "Partially Frozen VGG16 (30%)". */
    public String studyName(String model) {
        return String.format(java.util.Locale.ROOT, studyPattern, model);
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static TransferMode fromId(String id) {
        return NamedOption.byId(TransferMode.class, id)
                .orElseThrow(() -> new IllegalArgumentException("unknown transfer mode '" + id + "'"));
    }
}
