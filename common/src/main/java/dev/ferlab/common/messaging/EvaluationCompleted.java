package dev.ferlab.common.messaging;

import java.time.Instant;
import java.util.List;

/**
 * An experiment's model was scored on one split of one dataset.
 *
 * @param confusionMatrix rows are true classes, columns predicted classes, both in {@code classes} order
 */
public record EvaluationCompleted(
        String experimentId,
        String dataset,
        String split,
        List<String> classes,
        long size,
        double accuracy,
        double macroPrecision,
        double macroRecall,
        double macroF1,
        double weightedPrecision,
        double weightedRecall,
        double weightedF1,
        double majorityBaseline,
        List<ClassMetrics> perClass,
        List<List<Long>> confusionMatrix,
        Instant evaluatedAt) {
}
