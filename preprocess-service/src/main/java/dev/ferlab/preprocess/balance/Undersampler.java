package dev.ferlab.preprocess.balance;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Random undersampling: every class keeps as many images as the smallest class has, drawn with the seed. */
public final class Undersampler {
    private Undersampler() {
    }

    public static List<LabeledImage> undersample(List<LabeledImage> images, long seed) {
        Map<EmotionLabel, List<LabeledImage>> byClass = new TreeMap<>();
        for (LabeledImage image : images) {
            byClass.computeIfAbsent(image.label(), l -> new ArrayList<>()).add(image);
        }
        int smallest = byClass.values().stream().mapToInt(List::size).min().orElse(0);
        Random random = new Random(seed);
        List<LabeledImage> kept = new ArrayList<>();
        for (List<LabeledImage> members : byClass.values()) {
            List<LabeledImage> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            kept.addAll(shuffled.subList(0, smallest));
        }
        return kept;
    }
}
