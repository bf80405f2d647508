package dev.ferlab.common.shards;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three parts of every shard set (80/10/10 stratified). */
public enum Split {
    TRAIN("train", 0.8), VALIDATION("validation", 0.1), TEST("test", 0.1);

    private final String id;
    private final double fraction;

    Split(String id, double fraction) {
        this.id = id;
        this.fraction = fraction;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public double fraction() {
        return fraction;
    }
}
