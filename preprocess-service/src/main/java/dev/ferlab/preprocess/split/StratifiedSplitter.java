package dev.ferlab.preprocess.split;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.shards.Split;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * 80/10/10 per class, so every split keeps the dataset's class proportions; the seed fixes the draw. A dataset
 * whose every image carries a preset split keeps those splits.
 */
public final class StratifiedSplitter {
    private StratifiedSplitter() {
    }

    public static Map<Split, List<LabeledImage>> split(List<LabeledImage> images, long seed) {
        if (!images.isEmpty() && images.stream().allMatch(i -> i.presetSplit() != null)) {
            // The dataset fixes its own splits (FER2013's Usage column, when the import asked for it).
            Map<Split, List<LabeledImage>> preset = new EnumMap<>(Split.class);
            for (Split s : Split.values()) {
                preset.put(s, new ArrayList<>());
            }
            images.forEach(i -> preset.get(i.presetSplit()).add(i));
            return preset;
        }
        Map<EmotionLabel, List<LabeledImage>> byClass = new TreeMap<>();
        for (LabeledImage image : images) {
            byClass.computeIfAbsent(image.label(), l -> new ArrayList<>()).add(image);
        }
        Map<Split, List<LabeledImage>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            splits.put(s, new ArrayList<>());
        }
        Random random = new Random(seed);
        for (List<LabeledImage> members : byClass.values()) {
            List<LabeledImage> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            int n = shuffled.size();
            int validation = (int) Math.round(n * Split.VALIDATION.fraction());
            int test = (int) Math.round(n * Split.TEST.fraction());
            int train = n - validation - test;
            splits.get(Split.TRAIN).addAll(shuffled.subList(0, train));
            splits.get(Split.VALIDATION).addAll(shuffled.subList(train, train + validation));
            splits.get(Split.TEST).addAll(shuffled.subList(train + validation, n));
        }
        return splits;
    }
}
