package dev.ferlab.gateway.experiment.rest;

import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.gateway.experiment.repository.EpochMetric;
import dev.ferlab.gateway.experiment.repository.Experiment;
import java.time.Instant;
import java.util.List;

/**
 * An experiment as the API shows it: status, progress, learning curve, results or the failure.
 *
 * @param variant      the preprocessing by its name ({@code raw}, {@code clahe+smote}, ...)
 * @param leakage      what its validation and test images share with its training images (exact and near
 *                     duplicates, sources of synthetic training images); null until its shards are ready
 * @param stalledSince set while its stage has made no progress past the stage's deadline (the reconciler drives it
 *                     on); null otherwise
 * @param retries      how often its request was published again: by the reconciler, or a retry that re-evaluates
 * @param trainer       the trainer that last took it from the queue; null until one has
 * @param queuePosition its place in the trainers' queue while it waits for a trainer (1 is taken next); null
 *                      otherwise
 */
public record ExperimentView(
        String id,
        String status,
        String gridId,
        String retryOf,
        ExperimentSpec spec,
        String variant,
        Instant createdAt,
        Instant updatedAt,
        String shardSetId,
        dev.ferlab.common.shards.LeakageAudit leakage,
        Preprocessing preprocessing,
        Progress progress,
        int resumedFromEpoch,
        List<EpochView> curve,
        Accuracy accuracy,
        EvaluationCompleted result,
        Failure failure,
        Instant stalledSince,
        int retries,
        String trainer,
        Integer queuePosition) {

    public record Progress(int epoch, int epochs) {
    }

    /** Where data preparation is: step {@code done} of {@code total}. */
    public record Preprocessing(String step, int done, int total) {
    }

    public record EpochView(int epoch, Double trainLoss, Double trainAccuracy, Double validationLoss,
            Double validationAccuracy, Double imagesPerSecond, Double epochSeconds) {
    }

    public record Failure(String stage, String reason) {
    }

    /** Accuracy on each of the experiment's own splits (the study's Table 1 columns); null until evaluated. */
    public record Accuracy(Double train, Double validation, Double test) {
    }

    /** Without a place in the queue: for an experiment just submitted, cancelled or retried. */
    public static ExperimentView of(Experiment e, List<EpochMetric> curve) {
        return of(e, curve, null);
    }

    public static ExperimentView of(Experiment e, List<EpochMetric> curve, Integer queuePosition) {
        return new ExperimentView(e.id, e.status.name(), e.gridId, e.retryOf, e.spec, e.preprocessingVariant,
                e.createdAt, e.updatedAt, e.shardSetId, e.leakage,
                e.preprocessingStep == null ? null
                        : new Preprocessing(e.preprocessingStep, e.preprocessingDone, e.preprocessingTotal),
                new Progress(e.currentEpoch, e.epochs), e.resumedFromEpoch,
                curve == null ? null : curve.stream().map(m -> new EpochView(m.epoch, m.trainLoss, m.trainAccuracy,
                        m.validationLoss, m.validationAccuracy, m.imagesPerSecond, m.epochSeconds)).toList(),
                new Accuracy(e.trainAccuracy, e.validationAccuracy, e.testAccuracy), e.result,
                e.failureReason == null ? null : new Failure(e.failureStage, e.failureReason), e.stalledSince,
                e.redrives, e.trainer, queuePosition);
    }
}
