package dev.ferlab.preprocess;

import static dev.ferlab.common.labels.EmotionLabel.ANGER;
import static dev.ferlab.common.labels.EmotionLabel.FEAR;
import static dev.ferlab.common.labels.EmotionLabel.SURPRISE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.balance.Smote;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SmoteTest {
    private static final int PIXELS = 64;
    private final List<LabeledImage> images = Fixtures.random(11, PIXELS, ANGER, 30, FEAR, 9, SURPRISE, 3);

    @Test
    void everyClassEndsAtTheMajorityCount() {
        List<LabeledImage> out = Smote.oversample(images, 5, 1, 2);
        Map<EmotionLabel, Long> counts = out.stream()
                .collect(Collectors.groupingBy(LabeledImage::label, Collectors.counting()));
        assertEquals(Map.of(ANGER, 30L, FEAR, 30L, SURPRISE, 30L), counts);
        assertEquals(images, out.subList(0, images.size()), "the real images come first, unchanged");
    }

    @Test
    void syntheticImagesLieOnSegmentsBetweenAnImageAndOneOfItsKNearestSameClassNeighbours() {
        int k = 5;
        for (Smote.Synthetic s : Smote.synthesize(images, k, 1, 2)) {
            List<byte[]> members = images.stream().filter(i -> i.label() == s.label()).map(LabeledImage::pixels)
                    .toList();
            int kEff = Math.min(k, members.size() - 1);
            assertTrue(bruteForceNearest(members, s.base(), kEff).contains(s.neighbour()),
                    "neighbour " + s.neighbour() + " is not among the " + kEff + " nearest of " + s.base());
            assertTrue(s.gap() >= 0 && s.gap() < 1, "gap " + s.gap());
            byte[] a = members.get(s.base());
            byte[] b = members.get(s.neighbour());
            for (int p = 0; p < PIXELS; p++) {
                double onSegment = (a[p] & 0xFF) + s.gap() * ((b[p] & 0xFF) - (a[p] & 0xFF));
                assertTrue(Math.abs((s.pixels()[p] & 0xFF) - onSegment) <= 0.5,
                        "pixel " + p + " is off the segment by more than rounding");
            }
        }
    }

    @Test
    void sameSeedSameSamplesWhateverTheThreadCount() {
        List<Smote.Synthetic> one = Smote.synthesize(images, 5, 9, 1);
        List<Smote.Synthetic> two = Smote.synthesize(images, 5, 9, 2);
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).pixels(), two.get(i).pixels());
        }
        assertTrue(IntStream.range(0, one.size()).anyMatch(i -> !java.util.Arrays.equals(one.get(i).pixels(),
                Smote.synthesize(images, 5, 10, 1).get(i).pixels())), "another seed draws other samples");
    }

    @Test
    void aClassLargerThanTheCandidateBoundSearchesABoundedSeededSampleOfItself() {
        // FEAR has 60 images, above a bound of 12: its 440 synthetic images must all take their neighbours from
        // one drawn set of at most 12 members. Unbounded, they spread over most of the 60.
        List<LabeledImage> many = Fixtures.random(5, PIXELS, ANGER, 500, FEAR, 60, SURPRISE, 8);
        int bound = 12;
        List<Smote.Synthetic> synthetic = Smote.synthesize(many, 3, 4, 2, bound);
        java.util.Set<Integer> used = synthetic.stream().filter(s -> s.label() == FEAR)
                .map(Smote.Synthetic::neighbour).collect(Collectors.toSet());
        assertTrue(used.size() <= bound, "neighbours from " + used.size() + " members: " + used);
        assertTrue(Smote.synthesize(many, 3, 4, 2, 1024).stream().filter(s -> s.label() == FEAR)
                .map(Smote.Synthetic::neighbour).distinct().count() > bound, "the unbounded search spreads wider");
        // SURPRISE, under the bound, is searched exactly as before.
        List<byte[]> surprise = many.stream().filter(i -> i.label() == SURPRISE).map(LabeledImage::pixels).toList();
        for (Smote.Synthetic s : synthetic) {
            if (s.label() == SURPRISE) {
                assertTrue(bruteForceNearest(surprise, s.base(), 3).contains(s.neighbour()));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Smote.synthesize(many, 5, 4, 1, 5));
    }

    @Test
    void aClassOfOneImageCannotBeOversampled() {
        List<LabeledImage> lonely = Fixtures.random(3, PIXELS, ANGER, 5, FEAR, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Smote.oversample(lonely, 5, 1, 1));
        assertTrue(e.getMessage().contains("fear") && e.getMessage().contains("at least 2"), e.getMessage());
    }

    private static List<Integer> bruteForceNearest(List<byte[]> members, int query, int k) {
        List<Integer> others = new ArrayList<>();
        for (int j = 0; j < members.size(); j++) {
            if (j != query) {
                others.add(j);
            }
        }
        others.sort(Comparator.comparingLong((Integer j) -> distance(members.get(query), members.get(j)))
                .thenComparingInt(j -> j));
        return others.subList(0, k);
    }

    private static long distance(byte[] a, byte[] b) {
        long d = 0;
        for (int p = 0; p < a.length; p++) {
            long x = (a[p] & 0xFF) - (b[p] & 0xFF);
            d += x * x;
        }
        return d;
    }
}
