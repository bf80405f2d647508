package dev.ferlab.evaluator.metrics;

import dev.ferlab.common.messaging.ClassCoverage;
import java.util.ArrayList;
import java.util.List;

/**
 * How a target dataset's classes meet a model's (both in the canonical vocabulary of {@code LabelVocabulary}): a
 * target image of a class the model knows is scored under the model's index for it; one of a class the model
 * lacks cannot be right and is counted, not guessed.
 */
public final class ClassMapping {
    private final List<String> modelClasses;
    private final List<String> targetClasses;
    private final int[] targetToModel;

    private ClassMapping(List<String> modelClasses, List<String> targetClasses) {
        this.modelClasses = List.copyOf(modelClasses);
        this.targetClasses = List.copyOf(targetClasses);
        this.targetToModel = new int[targetClasses.size()];
        for (int t = 0; t < targetToModel.length; t++) {
            targetToModel[t] = modelClasses.indexOf(targetClasses.get(t));
        }
    }

    public static ClassMapping of(List<String> modelClasses, List<String> targetClasses) {
        return new ClassMapping(modelClasses, targetClasses);
    }

    /** Model class indices that the target has too: the classes a cross-dataset mean runs over. */
    public int[] sharedModelIndices() {
        return java.util.stream.IntStream.range(0, modelClasses.size())
                .filter(c -> targetClasses.contains(modelClasses.get(c))).toArray();
    }

    /** The model's index for target class {@code targetLabel}, or -1 when the model lacks it. */
    public int toModel(int targetLabel) {
        return targetToModel[targetLabel];
    }

    /** Indices of the images (by their target labels) whose class the model knows. */
    public int[] reachable(int[] targetLabels) {
        return java.util.stream.IntStream.range(0, targetLabels.length)
                .filter(i -> targetToModel[targetLabels[i]] >= 0).toArray();
    }

    public ClassCoverage coverage(int[] targetLabels) {
        List<String> absent = new ArrayList<>();
        for (String c : modelClasses) {
            if (!targetClasses.contains(c)) {
                absent.add(c);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String c : targetClasses) {
            if (!modelClasses.contains(c)) {
                unknown.add(c);
            }
        }
        long unreachable = targetLabels.length - reachable(targetLabels).length;
        return new ClassCoverage(absent, unknown, targetLabels.length, unreachable,
                targetLabels.length == 0 ? 0 : unreachable / (double) targetLabels.length);
    }
}
