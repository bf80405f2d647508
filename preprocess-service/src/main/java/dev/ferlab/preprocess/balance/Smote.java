package dev.ferlab.preprocess.balance;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * SMOTE (Chawla et al., 2002) in pixel space: every class is raised to the largest class's count with synthetic
 * images, each on the segment between a real image and one of its k nearest same-class neighbours
 * ({@code x + gap * (neighbour - x)}, gap uniform in [0, 1), rounded to uint8). Bases are drawn uniformly with
 * replacement, as imbalanced-learn does. Deterministic for a seed.
 *
 * <p>The neighbours are exact (brute force, as imbalanced-learn's are at this dimension) within a class of up to
 * {@link #MAX_CANDIDATES} images. In a larger class they are the k nearest among {@code MAX_CANDIDATES} of its
 * members drawn with the seed: every base then costs a bounded search, so time grows linearly with the dataset
 * instead of with the square of a class's size (96 s of a 114 s preprocessing at FER-2013's 28,709 images before).
 * A constant, not a setting: the shard set's id names its content, and the content must not depend on a service's
 * configuration.
 */
public final class Smote {
    public static final int DEFAULT_K = 5;
    /** The most same-class members one base's neighbours are searched among. */
    public static final int MAX_CANDIDATES = 1024;

    /** One synthetic image and where it came from (indices into its class's members, in input order). */
    public record Synthetic(EmotionLabel label, int base, int neighbour, double gap, byte[] pixels) {
    }

    private Smote() {
    }

    /** The input images followed by the synthetic ones. */
    public static List<LabeledImage> oversample(List<LabeledImage> images, int k, long seed, int threads) {
        return oversampleTracked(images, k, seed, threads).images();
    }

    /** {@link #oversample}'s images, and for each synthetic one (by identity) the two real images it lies between. */
    public record Oversampled(List<LabeledImage> images, Map<LabeledImage, List<LabeledImage>> sources) {
    }

    public static Oversampled oversampleTracked(List<LabeledImage> images, int k, long seed, int threads) {
        Map<EmotionLabel, List<LabeledImage>> byClass = new TreeMap<>();
        images.forEach(i -> byClass.computeIfAbsent(i.label(), l -> new ArrayList<>()).add(i));
        List<LabeledImage> out = new ArrayList<>(images);
        Map<LabeledImage, List<LabeledImage>> sources = new java.util.IdentityHashMap<>();
        for (Synthetic s : synthesize(images, k, seed, threads)) {
            LabeledImage made = new LabeledImage(s.label(), "smote/" + s.label().canonical() + "/" + s.base() + "-"
                    + s.neighbour(), s.pixels());
            out.add(made);
            List<LabeledImage> members = byClass.get(s.label());
            sources.put(made, List.of(members.get(s.base()), members.get(s.neighbour())));
        }
        return new Oversampled(out, sources);
    }

    /** The synthetic images that {@link #oversample} adds, with their provenance. */
    public static List<Synthetic> synthesize(List<LabeledImage> images, int k, long seed, int threads) {
        return synthesize(images, k, seed, threads, MAX_CANDIDATES);
    }

    /** As {@link #synthesize(List, int, long, int)}, with another bound on the candidates (tests, benchmarks). */
    public static List<Synthetic> synthesize(List<LabeledImage> images, int k, long seed, int threads,
            int maxCandidates) {
        if (k < 1) {
            throw new IllegalArgumentException("SMOTE needs k >= 1, got " + k);
        }
        if (maxCandidates <= k) {
            throw new IllegalArgumentException("SMOTE needs more candidates than neighbours, got " + maxCandidates
                    + " for k = " + k);
        }
        Map<EmotionLabel, List<byte[]>> byClass = new TreeMap<>();
        for (LabeledImage image : images) {
            byClass.computeIfAbsent(image.label(), l -> new ArrayList<>()).add(image.pixels());
        }
        int target = byClass.values().stream().mapToInt(List::size).max().orElse(0);
        Random random = new Random(seed);
        List<Synthetic> synthetic = new ArrayList<>();
        for (Map.Entry<EmotionLabel, List<byte[]>> entry : byClass.entrySet()) {
            byte[][] members = entry.getValue().toArray(new byte[0][]);
            int need = target - members.length;
            if (need == 0) {
                continue;
            }
            if (members.length < 2) {
                throw new IllegalArgumentException("class " + entry.getKey().canonical() + " has "
                        + members.length + " image in the split to balance; SMOTE needs at least 2");
            }
            synthetic.addAll(forClass(entry.getKey(), members, need, Math.min(k, members.length - 1), random,
                    threads, maxCandidates));
        }
        return synthetic;
    }

    private static List<Synthetic> forClass(EmotionLabel label, byte[][] members, int need, int k, Random random,
            int threads, int maxCandidates) {
        // Draw every choice first, then search neighbours only for the bases actually drawn.
        int[] bases = new int[need];
        int[] ranks = new int[need];
        double[] gaps = new double[need];
        for (int s = 0; s < need; s++) {
            bases[s] = random.nextInt(members.length);
            ranks[s] = random.nextInt(k);
            gaps[s] = random.nextDouble();
        }
        int[] queries = Arrays.stream(bases).distinct().sorted().toArray();
        int[] candidates = members.length <= maxCandidates ? null : draw(members.length, maxCandidates, random);
        int[][] found = NearestNeighbours.of(members, candidates, queries, k, threads);
        int[][] neighbours = new int[members.length][];
        for (int q = 0; q < queries.length; q++) {
            neighbours[queries[q]] = found[q];
        }
        List<Synthetic> out = new ArrayList<>(need);
        for (int s = 0; s < need; s++) {
            int base = bases[s];
            int neighbour = neighbours[base][ranks[s]];
            out.add(new Synthetic(label, base, neighbour, gaps[s],
                    interpolate(members[base], members[neighbour], gaps[s])));
        }
        return out;
    }

    /** {@code count} distinct indices below {@code n}, ascending (a partial Fisher-Yates shuffle). */
    private static int[] draw(int n, int count, Random random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(n - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] chosen = Arrays.copyOf(all, count);
        Arrays.sort(chosen);
        return chosen;
    }

    static byte[] interpolate(byte[] a, byte[] b, double gap) {
        byte[] out = new byte[a.length];
        for (int p = 0; p < a.length; p++) {
            int x = a[p] & 0xFF;
            out[p] = (byte) Math.round(x + gap * ((b[p] & 0xFF) - x));
        }
        return out;
    }
}
