package dev.ferlab.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How class imbalance in the training split is treated. */
public enum Balancing implements NamedOption {
    NONE("none"),
    /** Random undersampling of every class down to the smallest one. */
    UNDERSAMPLE("undersample"),
    /** Synthetic minority oversampling up to the largest class. */
    SMOTE("smote");

    private final String id;

    Balancing(String id) {
        this.id = id;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Balancing fromId(String id) {
        return NamedOption.byId(Balancing.class, id)
                .orElseThrow(() -> new IllegalArgumentException("unknown balancing '" + id + "'"));
    }
}
