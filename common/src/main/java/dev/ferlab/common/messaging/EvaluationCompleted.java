package dev.ferlab.common.messaging;

import java.time.Instant;
import java.util.List;

/**
 * An experiment's model was scored on one split of one dataset. The evaluator publishes an experiment's own
 * splits in the order train, validation, test: the test split's event means all three are stored.
 *
 * @param requestId       the cross-dataset request this answers; null for the experiment's own dataset
 * @param split           a split id, or {@link EvaluationRequested#ALL_SPLITS}
 * @param confusionMatrix rows are true classes, columns predicted classes, both in {@code classes} order
 * @param loss            mean softmax cross-entropy over the images scored; null when there were none
 * @param coverage        cross-dataset only: the classes one side lacks; null for the experiment's own dataset
 * @param predictionsKey  where in bucket {@code models} the per-image predictions are kept
 */
public record EvaluationCompleted(
        String requestId,
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
        Double loss,
        ClassCoverage coverage,
        String predictionsKey,
        Instant evaluatedAt) {

    public boolean crossDataset() {
        return requestId != null;
    }
}
