package dev.ferlab.common.messaging;

import com.fasterxml.jackson.annotation.JsonValue;

/** The pipeline stage where something happened; reported with every failure. */
public enum Stage {
    GATEWAY, PREPROCESS, TRAIN, EVALUATE;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }
}
