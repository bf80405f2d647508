package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.ferlab.common.messaging.TrainingProgress;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Turns every finished epoch into a {@link TrainingProgress} event: losses, accuracies, throughput, time; and logs
 * where the epoch's time went, its training batches apart from the rest (validation, the checkpoint), which is what
 * {@code ./ferlab bench scale} compares with a bare DJL loop.
 */
public final class ProgressListener extends TrainingListenerAdapter {
    private static final Logger LOG = Logger.getLogger(ProgressListener.class);
    private final String experimentId;
    private final int epochs;
    private final Consumer<TrainingProgress> sink;
    private long epochStart;
    private long lastTrainingBatch;
    private long validationStart;
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
        lastTrainingBatch = System.nanoTime();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        long now = System.nanoTime();
        double seconds = (now - epochStart) / 1e9;
        // Training ends where validation asks for its first batch, the last optimiser step done; without
        // validation, at the last batch's gradients.
        double training = ((validationStart > 0 ? validationStart : lastTrainingBatch) - epochStart) / 1e9;
        validationStart = 0;
        epochStart = now;
        epoch++;
        if (images > 0) {
            LOG.infof("experiment %s epoch %d: %d training images in %.3f s (%.1f images/s), then %.3f s of "
                    + "validation and checkpoint", experimentId, epoch, images, training, images / training,
                    seconds - training);
        }
        TrainingResult r = trainer.getTrainingResult();
        sink.accept(new TrainingProgress(experimentId, epoch, epochs,
                value(r.getTrainLoss()), value(r.getTrainEvaluation("Accuracy")),
                value(r.getValidateLoss()), value(r.getValidateEvaluation("Accuracy")),
                images / Math.max(seconds, 1e-9), seconds));
        images = 0;
    }

    /** For the validation data's {@code beforeEachBatch}: marks where the epoch's training part ended. */
    public void validationBatch() {
        if (validationStart == 0) {
            validationStart = System.nanoTime();
        }
    }

    int epochsDone() {
        return epoch;
    }

    private static double value(Float f) {
        return f == null ? Double.NaN : f;
    }
}
