package dev.ferlab.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.loss.Loss;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ModelFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where an epoch's time goes, as the trainer's log tells {@code ./ferlab bench scale}: the training batches from the
 * first asked for to validation's first, and the rest (validation, checkpoint, the report waiting on the broker) up
 * to the next epoch's first batch. A clock the test moves stands in for time.
 */
class ProgressListenerTest {
    private static final long S = 1_000_000_000L;

    @Test
    void theReportsWaitIsTheEpochsRestNotTheNextEpochsTraining() {
        Engines.preferOffline();
        long[] now = {0};
        List<TrainingProgress> reports = new ArrayList<>();
        ProgressListener listener = new ProgressListener("e1", 0, 2, p -> {
            reports.add(p);
            now[0] += 3 * S; // the broker takes 3 s to acknowledge
        }, () -> now[0]);
        try (Model model = Model.newInstance("progress");
                NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(ModelFactory.build(ModelArchitecture.SMALL_CNN, 2));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                now[0] = 1 * S;
                listener.onTrainingBegin(trainer);
                now[0] = 2 * S; // initialising the weights
                for (int epoch = 0; epoch < 2; epoch++) {
                    now[0] += S; // making the first batch's order
                    listener.trainingBatch();
                    now[0] += 4 * S;
                    listener.onTrainingBatch(trainer, batch(manager, 32));
                    listener.trainingBatch(); // the second batch asked for
                    now[0] += 4 * S;
                    listener.onTrainingBatch(trainer, batch(manager, 32));
                    now[0] += S;
                    listener.validationBatch();
                    now[0] += 2 * S; // validation and the checkpoint
                    listener.validationBatch();
                    listener.onEpoch(trainer);
                    assertEquals(new ProgressListener.EpochTime(9, 5), listener.lastEpoch(), "epoch " + (epoch + 1));
                }
            }
        }
        // The epoch's wall time as the report gives it: epoch 1 from the trainer's start, epoch 2 from the end of
        // epoch 1's report.
        assertEquals(2, reports.size());
        assertEquals(13.0, reports.get(0).epochSeconds(), 1e-9);
        assertEquals(12.0, reports.get(1).epochSeconds(), 1e-9);
        assertEquals(64 / 12.0, reports.get(1).imagesPerSecond(), 1e-9);
    }

    private static BatchData batch(NDManager manager, int size) {
        Batch batch = new Batch(manager, new NDList(), new NDList(), size, null, null, 0, 1);
        return new BatchData(batch, new HashMap<>(), new HashMap<>());
    }
}
