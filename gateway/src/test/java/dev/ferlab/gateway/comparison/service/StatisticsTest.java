package dev.ferlab.gateway.comparison.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void aCellOfThreeSeedsHasItsMeanSampleDeviationAndStudentsInterval() {
        Statistics.Summary s = Statistics.summarize(List.of(0.70, 0.72, 0.74));
        assertEquals(0.72, s.mean(), 1e-12);
        assertEquals(0.02, s.sd(), 1e-12);
        // t(0.975, 2) = 4.302652729911275; half-width 4.3027 * 0.02 / sqrt(3) = 0.0496828.
        assertEquals(0.72 - 0.04968276, s.low(), 1e-7);
        assertEquals(0.72 + 0.04968276, s.high(), 1e-7);
        Statistics.Summary one = Statistics.summarize(List.of(0.5));
        assertEquals(0.5, one.mean());
        assertNull(one.sd());
        assertNull(one.low());
    }

    @Test
    void mcnemarsExactTestMatchesTheBinomialTailsByHand() {
        // 20 images: both right on 6, only A on 1, only B on 9, both wrong on 4.
        int[] truth = new int[20];
        int[] a = new int[20];
        int[] b = new int[20];
        for (int i = 0; i < 20; i++) {
            boolean ra = i < 6 || i == 6;
            boolean rb = i < 6 || (i >= 7 && i < 16);
            a[i] = ra ? 0 : 1;
            b[i] = rb ? 0 : 2;
        }
        Statistics.McNemar m = Statistics.mcnemar(truth, a, b);
        assertEquals(6, m.bothRight());
        assertEquals(1, m.onlyA());
        assertEquals(9, m.onlyB());
        assertEquals(4, m.bothWrong());
        // n = 10 discordant: p = 2 * (C(10,0) + C(10,1)) / 2^10 = 22 / 1024.
        assertEquals(22.0 / 1024, m.pValue(), 1e-12);
        // Equal discordant counts: no evidence either way.
        int[] c = {0, 1, 0, 1};
        int[] d = {1, 0, 1, 0};
        assertEquals(1.0, Statistics.mcnemar(new int[4], c, d).pValue(), 1e-12);
        assertEquals(1.0, Statistics.mcnemar(new int[4], c, c).pValue(), 1e-12);
        // 0 against 6: p = 2 / 2^6.
        assertEquals(2.0 / 64, Statistics.mcnemar(new int[6], new int[6], new int[] {1, 1, 1, 1, 1, 1}).pValue(),
                1e-12);
        assertThrows(IllegalArgumentException.class, () -> Statistics.mcnemar(new int[3], new int[3], new int[2]));
    }

    @Test
    void thePairedBootstrapIntervalIsExactWhenTheModelsAgreeAndNearTheNormalTheoryOtherwise() {
        int[] truth = new int[50];
        int[] same = new int[50];
        Statistics.Interval none = Statistics.accuracyDifference(truth, same, same, 2000, 1);
        assertEquals(0, none.estimate());
        assertEquals(0, none.low());
        assertEquals(0, none.high());
        int[] wrong = new int[50];
        java.util.Arrays.fill(wrong, 3);
        Statistics.Interval all = Statistics.accuracyDifference(truth, same, wrong, 2000, 1);
        assertEquals(1, all.estimate());
        assertEquals(1, all.low());
        assertEquals(1, all.high());
        // 400 images, only A right on 30, only B right on 10: difference 0.05; paired standard error
        // sqrt((30 + 10) / 400^2 - (30 - 10)^2 / 400^3) = 0.015612, so about 0.05 -+ 1.96 * 0.015612.
        int[] t = new int[400];
        int[] a = new int[400];
        int[] b = new int[400];
        for (int i = 0; i < 400; i++) {
            a[i] = i >= 30 && i < 40 ? 1 : (i >= 300 ? 1 : 0);
            b[i] = i < 30 || i >= 300 ? 1 : 0;
        }
        Statistics.Interval mixed = Statistics.accuracyDifference(t, a, b, Statistics.DEFAULT_RESAMPLES, 7);
        assertEquals(0.05, mixed.estimate(), 1e-12);
        assertEquals(0.05 - 1.96 * 0.015612, mixed.low(), 0.004);
        assertEquals(0.05 + 1.96 * 0.015612, mixed.high(), 0.004);
        assertEquals(mixed, Statistics.accuracyDifference(t, a, b, Statistics.DEFAULT_RESAMPLES, 7), "seeded");
    }

    @Test
    void percentilesInterpolateBetweenRanks() {
        double[] v = {1, 2, 3, 4, 5};
        assertEquals(1, Statistics.percentile(v, 0));
        assertEquals(3, Statistics.percentile(v, 0.5));
        assertEquals(4.6, Statistics.percentile(v, 0.9), 1e-12);
    }
}
