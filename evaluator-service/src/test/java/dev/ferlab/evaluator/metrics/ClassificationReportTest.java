package dev.ferlab.evaluator.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixtures computed by hand (and matching scikit-learn's precision_recall_fscore_support, zero_division=0). */
class ClassificationReportTest {
    private static final double EPS = 1e-12;

    @Test
    void handComputedThreeClassFixture() {
        // truth:     a a a b b c
        // predicted: a a b b c c
        int[] truth = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 2, 2};
        ClassificationReport r = ClassificationReport.of(truth, predicted, List.of("a", "b", "c"));

        assertEquals(6, r.size());
        assertEquals(4 / 6.0, r.accuracy(), EPS);
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}, r.confusion());
        // a: P = 2/2, R = 2/3; b: P = 1/2, R = 1/2; c: P = 1/2, R = 1/1
        assertArrayEquals(new double[] {1.0, 0.5, 0.5}, r.precision(), EPS);
        assertArrayEquals(new double[] {2 / 3.0, 0.5, 1.0}, r.recall(), EPS);
        assertArrayEquals(new double[] {0.8, 0.5, 2 / 3.0}, r.f1(), EPS);
        assertArrayEquals(new long[] {3, 2, 1}, r.support());
        assertEquals(2 / 3.0, r.macroPrecision(), EPS);
        assertEquals((2 / 3.0 + 0.5 + 1.0) / 3, r.macroRecall(), EPS);
        assertEquals((0.8 + 0.5 + 2 / 3.0) / 3, r.macroF1(), EPS);
        assertEquals((3 * 1.0 + 2 * 0.5 + 1 * 0.5) / 6, r.weightedPrecision(), EPS);
        assertEquals((3 * 0.8 + 2 * 0.5 + 1 * 2 / 3.0) / 6, r.weightedF1(), EPS);
        assertEquals(0.5, r.majorityBaseline(), EPS);
    }

    @Test
    void aClassNeverPredictedHasZeroPrecisionFlagged() {
        // b is never predicted: precision 0/0 -> 0, flagged.
        int[] truth = {0, 1, 1, 0};
        int[] predicted = {0, 0, 0, 0};
        ClassificationReport r = ClassificationReport.of(truth, predicted, List.of("a", "b"));
        assertEquals(0, r.precision()[1], EPS);
        assertEquals(0, r.recall()[1], EPS);
        assertEquals(0, r.f1()[1], EPS);
        assertTrue(r.zeroDivision()[1]);
        assertFalse(r.zeroDivision()[0]);
        assertEquals(0.5, r.precision()[0], EPS);
        assertEquals(1.0, r.recall()[0], EPS);
        assertEquals((2 * 0.5 / 1.5 + 0) / 2, r.macroF1(), EPS);
    }

    @Test
    void aClassAbsentFromTruthAndPredictionsIsLeftOutOfTheMacroMean() {
        // c exists in the vocabulary but not in this split: like scikit-learn's default labels.
        int[] truth = {0, 1};
        int[] predicted = {0, 1};
        ClassificationReport r = ClassificationReport.of(truth, predicted, List.of("a", "b", "c"));
        assertEquals(1.0, r.macroF1(), EPS);
        assertEquals(0, r.support()[2]);
        assertTrue(r.zeroDivision()[2]);
        assertEquals(1.0, r.weightedF1(), EPS);
    }

    @Test
    void confusionMatrixSumsToTheSplitSize() {
        int[] truth = {0, 1, 2, 2, 1, 0, 0, 2};
        int[] predicted = {2, 1, 0, 2, 1, 1, 0, 2};
        ClassificationReport r = ClassificationReport.of(truth, predicted, List.of("a", "b", "c"));
        long sum = 0;
        for (long[] row : r.confusion()) {
            for (long v : row) {
                sum += v;
            }
        }
        assertEquals(truth.length, sum);
    }

    @Test
    void mismatchedLengthsAndOutOfRangeLabelsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.of(new int[] {0}, new int[] {0, 1}, List.of("a", "b")));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.of(new int[] {0}, new int[] {2}, List.of("a", "b")));
    }

    @Test
    void meansOverNamedClassesFollowScikitLearnsLabelsArgument() {
        // A cross-dataset evaluation: the model knows a, b, c; the target has a and b only. The model still
        // predicts c once (a wrong answer for an a), but the means run over a and b, as labels=[0, 1] does.
        int[] truth = {0, 0, 1, 1, 1};
        int[] predicted = {0, 2, 1, 0, 1};
        List<String> classes = List.of("a", "b", "c");
        ClassificationReport r = ClassificationReport.of(truth, predicted, classes, new int[] {0, 1});
        assertEquals(0.6, r.accuracy(), EPS);
        assertArrayEquals(new long[][] {{1, 0, 1}, {1, 2, 0}, {0, 0, 0}}, r.confusion());
        assertArrayEquals(new double[] {0.5, 1.0, 0.0}, r.precision(), EPS);
        assertArrayEquals(new double[] {0.5, 2 / 3.0, 0.0}, r.recall(), EPS);
        assertArrayEquals(new double[] {0.5, 0.8, 0.0}, r.f1(), EPS);
        // c was predicted (no 0/0 precision) but has no true images (0/0 recall): flagged.
        assertTrue(r.zeroDivision()[2]);
        assertEquals(0.75, r.macroPrecision(), EPS);
        assertEquals((0.5 + 2 / 3.0) / 2, r.macroRecall(), EPS);
        assertEquals(0.65, r.macroF1(), EPS);
        assertEquals(0.8, r.weightedPrecision(), EPS);
        assertEquals(0.6, r.weightedRecall(), EPS);
        assertEquals(0.68, r.weightedF1(), EPS);

        // Without the labels the predicted-only class c joins the means, as in scikit-learn's default.
        ClassificationReport all = ClassificationReport.of(truth, predicted, classes);
        assertEquals(0.5, all.macroPrecision(), EPS);
        assertEquals(1.3 / 3, all.macroF1(), EPS);
        assertEquals(0.68, all.weightedF1(), EPS);
    }
}
