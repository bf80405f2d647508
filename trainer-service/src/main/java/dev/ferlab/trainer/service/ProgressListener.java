package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.ferlab.common.messaging.TrainingProgress;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Turns every finished epoch into a {@link TrainingProgress} event: losses, accuracies, throughput, time; and logs
 * where the epoch's time went, its training batches apart from the rest (validation, the checkpoint, reporting the
 * epoch), which is what {@code ./ferlab bench scale} compares with a bare DJL loop.
 */
public final class ProgressListener extends TrainingListenerAdapter {
    private static final Logger LOG = Logger.getLogger(ProgressListener.class);
    private final String experimentId;
    private final int epochs;
    private final Consumer<TrainingProgress> sink;
    private final LongSupplier clock;
    private long epochStart;
    /** When the epoch's first training batch was asked for; 0 until then. */
    private long batchesStart;
    private long lastTrainingBatch;
    private long validationStart;
    private long images;
    private int epoch;
    private EpochTime last;

    /** Where an epoch's time went, in seconds: its training batches, and everything after them up to the next. */
    public record EpochTime(double training, double rest) {
    }

    /** @param startEpoch epochs already done before this run (a resumed run) */
    public ProgressListener(String experimentId, int startEpoch, int epochs, Consumer<TrainingProgress> sink) {
        this(experimentId, startEpoch, epochs, sink, System::nanoTime);
    }

    ProgressListener(String experimentId, int startEpoch, int epochs, Consumer<TrainingProgress> sink,
            LongSupplier clock) {
        this.epoch = startEpoch;
        this.experimentId = experimentId;
        this.epochs = epochs;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        epochStart = clock.getAsLong();
    }

    /** For the training data's {@code beforeEachBatch}: marks where the epoch's training part begins. */
    public void trainingBatch() {
        if (batchesStart == 0) {
            batchesStart = clock.getAsLong();
        }
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        images += batchData.getBatch().getSize();
        lastTrainingBatch = clock.getAsLong();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        long now = clock.getAsLong();
        double seconds = (now - epochStart) / 1e9;
        // Training runs from the first batch asked for to where validation asks for its first batch, the last
        // optimiser step done; without validation, to the last batch's gradients.
        long trainingEnd = validationStart > 0 ? validationStart : lastTrainingBatch;
        double training = batchesStart > 0 ? (trainingEnd - batchesStart) / 1e9 : 0;
        epoch++;
        TrainingResult r = trainer.getTrainingResult();
        sink.accept(new TrainingProgress(experimentId, epoch, epochs,
                value(r.getTrainLoss()), value(r.getTrainEvaluation("Accuracy")),
                value(r.getValidateLoss()), value(r.getValidateEvaluation("Accuracy")),
                images / Math.max(seconds, 1e-9), seconds));
        // The report waits for the broker's acknowledgement: its time is this epoch's rest, not the next one's
        // training.
        long reported = clock.getAsLong();
        last = new EpochTime(training, (reported - trainingEnd) / 1e9);
        if (images > 0) {
            LOG.infof("experiment %s epoch %d: %d training images in %.3f s (%.1f images/s), then %.3f s of "
                    + "validation, checkpoint and report", experimentId, epoch, images, training, images / training,
                    last.rest());
        }
        epochStart = reported;
        batchesStart = 0;
        validationStart = 0;
        images = 0;
    }

    /** For the validation data's {@code beforeEachBatch}: marks where the epoch's training part ended. */
    public void validationBatch() {
        if (validationStart == 0) {
            validationStart = clock.getAsLong();
        }
    }

    /** The last finished epoch's time; null before the first. */
    EpochTime lastEpoch() {
        return last;
    }

    int epochsDone() {
        return epoch;
    }

    private static double value(Float f) {
        return f == null ? Double.NaN : f;
    }
}
