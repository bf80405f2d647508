package dev.ferlab.gateway.comparison.service;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * The statistics a researcher reports with a result: a cell's runs summarised (mean, sample standard deviation,
 * Student's t 95% confidence interval of the mean), and two models compared on the same test images (McNemar's exact
 * test on the images one gets right and the other wrong; a paired bootstrap interval of the accuracy difference).
 */
public final class Statistics {
    public static final int DEFAULT_RESAMPLES = 10_000;

    private Statistics() {
    }

    /** Mean, sample standard deviation and 95% interval of the mean; sd and interval null for a single value. */
    public record Summary(int n, double mean, Double sd, Double low, Double high) {
    }

    public static Summary summarize(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (n == 1) {
            return new Summary(1, mean, null, null, null);
        }
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = Math.sqrt(squares / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new Summary(n, mean, sd, mean - half, mean + half);
    }

    /**
     * McNemar's exact test: of the images exactly one model gets right, does either get more than chance allows?
     * Two-sided binomial test of {@code onlyA} against {@code onlyA + onlyB} at one half; 1 when they never differ.
     */
    public record McNemar(long bothRight, long onlyA, long onlyB, long bothWrong, double pValue) {
    }

    public static McNemar mcnemar(int[] truth, int[] a, int[] b) {
        check(truth, a, b);
        long both = 0;
        long onlyA = 0;
        long onlyB = 0;
        long neither = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean ra = a[i] == truth[i];
            boolean rb = b[i] == truth[i];
            if (ra && rb) {
                both++;
            } else if (ra) {
                onlyA++;
            } else if (rb) {
                onlyB++;
            } else {
                neither++;
            }
        }
        long discordant = onlyA + onlyB;
        double p = discordant == 0 ? 1.0 : Math.min(1.0, new BinomialTest().binomialTest((int) discordant,
                (int) onlyA, 0.5, AlternativeHypothesis.TWO_SIDED));
        return new McNemar(both, onlyA, onlyB, neither, p);
    }

    /** An estimate and its 95% interval. */
    public record Interval(double estimate, double low, double high) {
    }

    /**
     * Accuracy of A minus accuracy of B, with a paired bootstrap 95% percentile interval: the test images resampled
     * with replacement, both models scored on each resample, {@code resamples} times, drawn with the seed.
     */
    public static Interval accuracyDifference(int[] truth, int[] a, int[] b, int resamples, long seed) {
        check(truth, a, b);
        int n = truth.length;
        // Per image: +1 when only A is right, -1 when only B is, 0 otherwise; the difference is their mean.
        int[] d = new int[n];
        long sum = 0;
        for (int i = 0; i < n; i++) {
            d[i] = (a[i] == truth[i] ? 1 : 0) - (b[i] == truth[i] ? 1 : 0);
            sum += d[i];
        }
        double[] diffs = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            long s = 0;
            for (int i = 0; i < n; i++) {
                s += d[random.nextInt(n)];
            }
            diffs[r] = (double) s / n;
        }
        java.util.Arrays.sort(diffs);
        return new Interval((double) sum / n, percentile(diffs, 0.025), percentile(diffs, 0.975));
    }

    /** Linear interpolation between the closest ranks (numpy's default), on sorted values. */
    static double percentile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    private static void check(int[] truth, int[] a, int[] b) {
        if (truth.length == 0 || a.length != truth.length || b.length != truth.length) {
            throw new IllegalArgumentException("two models compare on the same test images: got " + truth.length
                    + " labels, " + a.length + " and " + b.length + " predictions");
        }
    }
}
