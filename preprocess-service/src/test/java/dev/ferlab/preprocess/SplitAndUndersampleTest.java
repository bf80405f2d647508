package dev.ferlab.preprocess;

import static dev.ferlab.common.labels.EmotionLabel.ANGER;
import static dev.ferlab.common.labels.EmotionLabel.FEAR;
import static dev.ferlab.common.labels.EmotionLabel.SURPRISE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.shards.Split;
import dev.ferlab.preprocess.balance.Undersampler;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.split.StratifiedSplitter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SplitAndUndersampleTest {
    private final List<LabeledImage> images = Fixtures.random(5, 16, ANGER, 135, FEAR, 75, SURPRISE, 249);

    private static Map<EmotionLabel, Long> counts(List<LabeledImage> images) {
        return images.stream().collect(Collectors.groupingBy(LabeledImage::label, Collectors.counting()));
    }

    @Test
    void splitsKeepEveryClassAt80_10_10AndCoverTheDatasetOnce() {
        Map<Split, List<LabeledImage>> splits = StratifiedSplitter.split(images, 42);
        Map<EmotionLabel, Long> all = counts(images);
        for (Split s : Split.values()) {
            Map<EmotionLabel, Long> part = counts(splits.get(s));
            for (EmotionLabel label : all.keySet()) {
                assertEquals(all.get(label) * s.fraction(), part.get(label), 1.0,
                        label + " in " + s.id() + ": stratified to within one image");
            }
        }
        Set<String> seen = new HashSet<>();
        splits.values().forEach(list -> list.forEach(i -> assertTrue(seen.add(i.name()), "twice: " + i.name())));
        assertEquals(images.size(), seen.size());
    }

    @Test
    void splitsAreReproducibleForASeedAndDifferForAnother() {
        List<String> a = names(StratifiedSplitter.split(images, 42).get(Split.TEST));
        assertEquals(a, names(StratifiedSplitter.split(images, 42).get(Split.TEST)));
        assertNotEquals(a, names(StratifiedSplitter.split(images, 43).get(Split.TEST)));
    }

    @Test
    void undersamplingLeavesEveryClassAtTheSmallestCount() {
        List<LabeledImage> kept = Undersampler.undersample(images, 7);
        assertEquals(Map.of(ANGER, 75L, FEAR, 75L, SURPRISE, 75L), counts(kept));
        assertTrue(images.containsAll(kept), "undersampling only drops images");
        assertEquals(names(kept), names(Undersampler.undersample(images, 7)));
        assertNotEquals(names(kept), names(Undersampler.undersample(images, 8)));
    }

    private static List<String> names(List<LabeledImage> images) {
        return images.stream().map(LabeledImage::name).toList();
    }
}
