package dev.ferlab.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How much of a pretrained network is trained again (the study's three settings). */
public enum TransferMode implements NamedOption {
    /** Random initialisation, everything trained. */
    NONE("none"),
    /** Pretrained weights, only the last layers trainable. */
    PARTIAL("partial"),
    /** Pretrained weights, everything trainable. */
    FULL("full");

    private final String id;

    TransferMode(String id) {
        this.id = id;
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
