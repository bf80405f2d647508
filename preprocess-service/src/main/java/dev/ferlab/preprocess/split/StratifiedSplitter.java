package dev.ferlab.preprocess.split;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.shards.Split;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 80/10/10 per class, so every split keeps the dataset's class proportions; the seed fixes the draw. A dataset
 * whose every image carries a preset split keeps those splits. With a group pattern (subjects), whole groups are
 * placed instead of images, so no group has images in two splits, the class proportions kept as close as the
 * groups allow.
 */
public final class StratifiedSplitter {
    private StratifiedSplitter() {
    }

    /** The split, and each split's groups (sorted) when it was grouped. */
    public record Result(Map<Split, List<LabeledImage>> splits, Map<Split, List<String>> groups) {
    }

    public static Map<Split, List<LabeledImage>> split(List<LabeledImage> images, long seed) {
        return split(images, seed, null).splits();
    }

    /** @param groupBy a regular expression over each image's file name; its first group, or whole match, is the group */
    public static Result split(List<LabeledImage> images, long seed, String groupBy) {
        Map<Split, List<LabeledImage>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            splits.put(s, new ArrayList<>());
        }
        if (!images.isEmpty() && images.stream().allMatch(i -> i.presetSplit() != null)) {
            // The dataset fixes its own splits (FER2013's Usage column, when the import asked for it).
            images.forEach(i -> splits.get(i.presetSplit()).add(i));
            return new Result(splits, null);
        }
        if (groupBy != null) {
            return grouped(images, seed, Pattern.compile(groupBy), splits);
        }
        Map<EmotionLabel, List<LabeledImage>> byClass = new TreeMap<>();
        for (LabeledImage image : images) {
            byClass.computeIfAbsent(image.label(), l -> new ArrayList<>()).add(image);
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
        return new Result(splits, null);
    }

    /**
     * Fold {@code fold} of k-fold cross-validation: the data dealt into {@code folds} stratified folds (per class, in
     * a seeded order, round the folds; whole groups by the greedy group split when grouped), fold {@code fold} the
     * test split, the next one the validation split, the rest training. The same seed deals the same folds for
     * every fold index, so the k runs test every image exactly once.
     */
    public static Result fold(List<LabeledImage> images, long seed, String groupBy, int folds, int fold) {
        if (folds < 3 || fold < 0 || fold >= folds) {
            throw new IllegalArgumentException("fold " + fold + " of " + folds + ": need 3 or more folds");
        }
        if (!images.isEmpty() && images.stream().allMatch(i -> i.presetSplit() != null)) {
            throw new IllegalArgumentException("this dataset fixes its own splits (usageSplits); it cannot be"
                    + " cross-validated: import it without usageSplits");
        }
        List<List<LabeledImage>> dealt = new ArrayList<>();
        List<List<String>> dealtGroups = new ArrayList<>();
        double[] shares = new double[folds];
        java.util.Arrays.fill(shares, 1.0 / folds);
        if (groupBy != null) {
            assign(images, seed, Pattern.compile(groupBy), shares, dealt, dealtGroups);
        } else {
            for (int f = 0; f < folds; f++) {
                dealt.add(new ArrayList<>());
            }
            Map<EmotionLabel, List<LabeledImage>> byClass = new TreeMap<>();
            images.forEach(i -> byClass.computeIfAbsent(i.label(), l -> new ArrayList<>()).add(i));
            Random random = new Random(seed);
            int next = 0;
            for (List<LabeledImage> members : byClass.values()) {
                List<LabeledImage> shuffled = new ArrayList<>(members);
                Collections.shuffle(shuffled, random);
                // Each class continues round the folds where the last one stopped, so fold sizes differ by one.
                for (LabeledImage image : shuffled) {
                    dealt.get(next++ % folds).add(image);
                }
            }
        }
        int validation = (fold + 1) % folds;
        Map<Split, List<LabeledImage>> splits = new EnumMap<>(Split.class);
        Map<Split, List<String>> groups = groupBy == null ? null : new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            splits.put(s, new ArrayList<>());
            if (groups != null) {
                groups.put(s, new ArrayList<>());
            }
        }
        for (int f = 0; f < folds; f++) {
            Split to = f == fold ? Split.TEST : f == validation ? Split.VALIDATION : Split.TRAIN;
            splits.get(to).addAll(dealt.get(f));
            if (groups != null) {
                groups.get(to).addAll(dealtGroups.get(f));
            }
        }
        if (groups != null) {
            groups.values().forEach(Collections::sort);
        }
        return new Result(splits, groups);
    }

    /**
     * Greedy stratified group split: groups in a seeded order, largest first, each to the split whose per-class
     * counts it brings nearest their targets (split fraction x class total; least squares), so small splits fill
     * with groups that carry the classes they still lack.
     */
    private static Result grouped(List<LabeledImage> images, long seed, Pattern pattern,
            Map<Split, List<LabeledImage>> splits) {
        Split[] all = Split.values();
        double[] shares = new double[all.length];
        for (int s = 0; s < all.length; s++) {
            shares[s] = all[s].fraction();
        }
        List<List<LabeledImage>> parts = new ArrayList<>();
        List<List<String>> partGroups = new ArrayList<>();
        assign(images, seed, pattern, shares, parts, partGroups);
        Map<Split, List<String>> groups = new EnumMap<>(Split.class);
        for (int s = 0; s < all.length; s++) {
            splits.get(all[s]).addAll(parts.get(s));
            groups.put(all[s], partGroups.get(s));
        }
        return new Result(splits, groups);
    }

    /**
     * Deals whole groups into parts of the given shares: groups in a seeded order, largest first, each to the part
     * whose per-class counts it brings nearest their targets (share x class total; least squares). Fills
     * {@code parts} and {@code partGroups} (sorted), one entry per share.
     */
    private static void assign(List<LabeledImage> images, long seed, Pattern pattern, double[] shares,
            List<List<LabeledImage>> parts, List<List<String>> partGroups) {
        Map<String, List<LabeledImage>> byGroup = new LinkedHashMap<>();
        for (LabeledImage image : images) {
            byGroup.computeIfAbsent(groupOf(image, pattern), g -> new ArrayList<>()).add(image);
        }
        List<EmotionLabel> classes = images.stream().map(LabeledImage::label).distinct().sorted().toList();
        int[] total = new int[classes.size()];
        images.forEach(i -> total[classes.indexOf(i.label())]++);
        List<String> order = new ArrayList<>(new TreeMap<>(byGroup).keySet());
        Collections.shuffle(order, new Random(seed));
        order.sort(Comparator.comparingInt((String g) -> byGroup.get(g).size()).reversed());
        double[][] filled = new double[shares.length][classes.size()];
        for (int p = 0; p < shares.length; p++) {
            parts.add(new ArrayList<>());
            partGroups.add(new ArrayList<>());
        }
        for (String g : order) {
            int[] counts = new int[classes.size()];
            byGroup.get(g).forEach(i -> counts[classes.indexOf(i.label())]++);
            int best = 0;
            double bestChange = Double.MAX_VALUE;
            for (int p = 0; p < shares.length; p++) {
                double change = 0;
                for (int c = 0; c < counts.length; c++) {
                    double before = filled[p][c] - shares[p] * total[c];
                    double after = before + counts[c];
                    change += after * after - before * before;
                }
                if (change < bestChange) {
                    bestChange = change;
                    best = p;
                }
            }
            for (int c = 0; c < counts.length; c++) {
                filled[best][c] += counts[c];
            }
            parts.get(best).addAll(byGroup.get(g));
            partGroups.get(best).add(g);
        }
        partGroups.forEach(Collections::sort);
    }

    private static String groupOf(LabeledImage image, Pattern pattern) {
        String name = image.name().substring(image.name().lastIndexOf('/') + 1);
        Matcher m = pattern.matcher(name);
        if (!m.find()) {
            throw new IllegalArgumentException("image " + image.name() + " does not match preprocessing.groupBy '"
                    + pattern.pattern() + "', so its group is unknown; every file name must match");
        }
        return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    }
}
