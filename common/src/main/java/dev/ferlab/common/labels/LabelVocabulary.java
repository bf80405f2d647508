package dev.ferlab.common.labels;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a dataset's own class names to {@link EmotionLabel}s, with the defaults of the datasets README built in
 * (CK+48 and FER-2013 spellings).
 */
public final class LabelVocabulary {
    private static final Map<String, EmotionLabel> DEFAULT_ALIASES = Map.ofEntries(
            Map.entry("anger", EmotionLabel.ANGER),
            Map.entry("angry", EmotionLabel.ANGER),
            Map.entry("contempt", EmotionLabel.CONTEMPT),
            Map.entry("disgust", EmotionLabel.DISGUST),
            Map.entry("disgusted", EmotionLabel.DISGUST),
            Map.entry("fear", EmotionLabel.FEAR),
            Map.entry("fearful", EmotionLabel.FEAR),
            Map.entry("happiness", EmotionLabel.HAPPINESS),
            Map.entry("happy", EmotionLabel.HAPPINESS),
            Map.entry("neutral", EmotionLabel.NEUTRAL),
            Map.entry("sadness", EmotionLabel.SADNESS),
            Map.entry("sad", EmotionLabel.SADNESS),
            Map.entry("surprise", EmotionLabel.SURPRISE),
            Map.entry("surprised", EmotionLabel.SURPRISE));

    private LabelVocabulary() {
    }

    /** The canonical label of a dataset's folder or class name, if the defaults know it. */
    public static Optional<EmotionLabel> canonicalFor(String datasetClassName) {
        if (datasetClassName == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(DEFAULT_ALIASES.get(datasetClassName.trim().toLowerCase(Locale.ROOT)));
    }
}
