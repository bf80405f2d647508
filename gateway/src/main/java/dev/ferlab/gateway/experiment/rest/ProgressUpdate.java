package dev.ferlab.gateway.experiment.rest;

import dev.ferlab.gateway.experiment.repository.EpochMetric;
import dev.ferlab.gateway.experiment.repository.Experiment;
import java.time.Instant;
import java.util.List;

/**
 * One experiment's progress, as the Server-Sent Events streams send it: status, epoch, the last epoch's loss,
 * accuracy and throughput, and an estimate of the training time left.
 *
 * @param etaSeconds   the mean epoch time so far times the epochs left; null before the first epoch and once
 *                     training is over (early stopping can end a run sooner)
 * @param stalledSince see {@link ExperimentView#stalledSince()}
 * @param retries      see {@link ExperimentView#retries()}
 * @param trainer       see {@link ExperimentView#trainer()}
 * @param queuePosition see {@link ExperimentView#queuePosition()}
 */
public record ProgressUpdate(
        String experimentId,
        String gridId,
        String status,
        boolean finished,
        String model,
        String transferMode,
        String variant,
        int epoch,
        int epochs,
        String preprocessingStep,
        Double trainLoss,
        Double trainAccuracy,
        Double validationLoss,
        Double validationAccuracy,
        Double imagesPerSecond,
        Double etaSeconds,
        Double testAccuracy,
        Instant updatedAt,
        Instant stalledSince,
        int retries,
        String trainer,
        Integer queuePosition) {

    public static ProgressUpdate of(Experiment e, List<EpochMetric> curve, Integer queuePosition) {
        EpochMetric last = curve.isEmpty() ? null : curve.get(curve.size() - 1);
        Double eta = null;
        if (!e.status.isFinal() && !curve.isEmpty()) {
            double seconds = curve.stream().filter(m -> m.epochSeconds != null).mapToDouble(m -> m.epochSeconds)
                    .average().orElse(Double.NaN);
            if (!Double.isNaN(seconds)) {
                eta = seconds * Math.max(0, e.epochs - e.currentEpoch);
            }
        }
        return new ProgressUpdate(e.id, e.gridId, e.status.name(), e.status.isFinal(), e.model, e.transferMode,
                e.preprocessingVariant, e.currentEpoch, e.epochs, e.preprocessingStep, last == null ? null : last.trainLoss,
                last == null ? null : last.trainAccuracy, last == null ? null : last.validationLoss,
                last == null ? null : last.validationAccuracy, last == null ? null : last.imagesPerSecond, eta,
                e.testAccuracy, e.updatedAt, e.stalledSince, e.redrives, e.trainer, queuePosition);
    }
}
