package dev.ferlab.common.messaging;

/** One finished training epoch (1-based {@code epoch} of {@code epochs}). */
public record TrainingProgress(
        String experimentId,
        int epoch,
        int epochs,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double imagesPerSecond,
        double epochSeconds) {
}
