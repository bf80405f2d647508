package dev.ferlab.common.labels;

import java.util.Locale;
import java.util.Optional;

/**
 * The study's eight canonical expression classes. Their order here is the class order of every shard set:
 * a dataset's class index is the position of its label among the labels it has.
 */
public enum EmotionLabel {
    ANGER, CONTEMPT, DISGUST, FEAR, HAPPINESS, NEUTRAL, SADNESS, SURPRISE;

    /** The canonical name, as stored and shown. */
    public String canonical() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EmotionLabel> fromCanonical(String name) {
        for (EmotionLabel label : values()) {
            if (label.canonical().equals(name)) {
                return Optional.of(label);
            }
        }
        return Optional.empty();
    }
}
