package dev.ferlab.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.labels.LabelVocabulary;
import dev.ferlab.common.synthetic.SyntheticFaces;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyntheticFacesTest {
    private static byte[] pixels(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }

    /** Pixels standardised per image, so that brightness jitter does not hide the drawn features. */
    private static double[] standardised(EmotionLabel label, int index) {
        byte[] px = pixels(SyntheticFaces.render(label, index, 3));
        double[] v = new double[px.length];
        double mean = 0;
        for (int j = 0; j < px.length; j++) {
            v[j] = px[j] & 0xFF;
            mean += v[j] / px.length;
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        double sd = Math.sqrt(var) + 1e-9;
        for (int j = 0; j < v.length; j++) {
            v[j] = (v[j] - mean) / sd;
        }
        return v;
    }

    @Test
    void sameSeedSameImage() {
        assertArrayEquals(pixels(SyntheticFaces.render(EmotionLabel.FEAR, 5, 42)),
                pixels(SyntheticFaces.render(EmotionLabel.FEAR, 5, 42)));
        assertFalse(Arrays.equals(pixels(SyntheticFaces.render(EmotionLabel.FEAR, 5, 42)),
                pixels(SyntheticFaces.render(EmotionLabel.FEAR, 6, 42))));
    }

    @Test
    void aNearestCentroidClassifierSeparatesTheExpressions() {
        // The weakest learner there is must already beat chance by far: that is what makes the data learnable.
        EmotionLabel[] labels = EmotionLabel.values();
        int train = 60;
        int test = 20;
        double[][] centroids = new double[labels.length][];
        for (EmotionLabel label : labels) {
            double[] c = new double[SyntheticFaces.SIZE * SyntheticFaces.SIZE];
            for (int i = 0; i < train; i++) {
                double[] v = standardised(label, i);
                for (int j = 0; j < c.length; j++) {
                    c[j] += v[j] / train;
                }
            }
            centroids[label.ordinal()] = c;
        }
        int correct = 0;
        for (EmotionLabel label : labels) {
            for (int i = train; i < train + test; i++) {
                double[] v = standardised(label, i);
                int best = -1;
                double bestDistance = Double.MAX_VALUE;
                for (int k = 0; k < labels.length; k++) {
                    double d = 0;
                    for (int j = 0; j < v.length; j++) {
                        d += (v[j] - centroids[k][j]) * (v[j] - centroids[k][j]);
                    }
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = k;
                    }
                }
                correct += best == label.ordinal() ? 1 : 0;
            }
        }
        double accuracy = correct / (double) (labels.length * test);
        assertTrue(accuracy > 3.0 / labels.length, "nearest-centroid accuracy " + accuracy);
    }

    @Test
    void vocabularyMapsTheDatasetSpellings() {
        assertEquals(Optional.of(EmotionLabel.HAPPINESS), LabelVocabulary.canonicalFor("happy"));
        assertEquals(Optional.of(EmotionLabel.ANGER), LabelVocabulary.canonicalFor("Angry"));
        assertEquals(Optional.of(EmotionLabel.SADNESS), LabelVocabulary.canonicalFor("sad"));
        assertEquals(Optional.empty(), LabelVocabulary.canonicalFor("bored"));
        assertEquals(8, EmotionLabel.values().length);
    }
}
