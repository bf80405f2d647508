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
     * Greedy stratified group split: groups in a seeded order, largest first, each to the split whose per-class
     * counts it brings nearest their targets (split fraction x class total; least squares), so small splits fill
     * with groups that carry the classes they still lack.
     */
    private static Result grouped(List<LabeledImage> images, long seed, Pattern pattern,
            Map<Split, List<LabeledImage>> splits) {
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
        Split[] all = Split.values();
        double[][] filled = new double[all.length][classes.size()];
        Map<Split, List<String>> groups = new EnumMap<>(Split.class);
        for (Split s : all) {
            groups.put(s, new ArrayList<>());
        }
        for (String g : order) {
            int[] counts = new int[classes.size()];
            byGroup.get(g).forEach(i -> counts[classes.indexOf(i.label())]++);
            int best = 0;
            double bestChange = Double.MAX_VALUE;
            for (int s = 0; s < all.length; s++) {
                double change = 0;
                for (int c = 0; c < counts.length; c++) {
                    double target = all[s].fraction() * total[c];
                    double before = filled[s][c] - target;
                    double after = before + counts[c];
                    change += after * after - before * before;
                }
                if (change < bestChange) {
                    bestChange = change;
                    best = s;
                }
            }
            for (int c = 0; c < counts.length; c++) {
                filled[best][c] += counts[c];
            }
            splits.get(all[best]).addAll(byGroup.get(g));
            groups.get(all[best]).add(g);
        }
        groups.values().forEach(Collections::sort);
        return new Result(splits, groups);
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
