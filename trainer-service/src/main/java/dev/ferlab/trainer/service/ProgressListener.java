package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.ferlab.common.messaging.TrainingProgress;
import java.util.function.Consumer;

/** Turns every finished epoch into a {@link TrainingProgress} event: losses, accuracies, throughput, time. */
public final class ProgressListener extends TrainingListenerAdapter {
    private final String experimentId;
    private final int epochs;
    private final Consumer<TrainingProgress> sink;
    private long epochStart;
    private long images;
    private int epoch;

    /** @param startEpoch epochs already done before this run (a resumed run) */
    public ProgressListener(String experimentId, int startEpoch, int epochs, Consumer<TrainingProgress> sink) {
        this.epoch = startEpoch;
        this.experimentId = experimentId;
        this.epochs = epochs;
        this.sink = sink;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        epochStart = System.nanoTime();
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        images += batchData.getBatch().getSize();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        long now = System.nanoTime();
        double seconds = (now - epochStart) / 1e9;
        epochStart = now;
        epoch++;
        TrainingResult r = trainer.getTrainingResult();
        sink.accept(new TrainingProgress(experimentId, epoch, epochs,
                value(r.getTrainLoss()), value(r.getTrainEvaluation("Accuracy")),
                value(r.getValidateLoss()), value(r.getValidateEvaluation("Accuracy")),
                images / Math.max(seconds, 1e-9), seconds));
        images = 0;
    }

    int epochsDone() {
        return epoch;
    }

    private static double value(Float f) {
        return f == null ? Double.NaN : f;
    }
}
