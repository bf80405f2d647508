package dev.ferlab.trainer.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;
import dev.ferlab.common.shards.ImageSet;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ImageSetDataset;
import dev.ferlab.models.ModelFactory;
import dev.ferlab.models.TrainingRecipe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a resumed run starts from: the checkpoint's weights exactly, at the epoch and batch after it. */
class ResumeTest {
    @Test
    void aCheckpointRestoresTheTrainedWeightsExactly() throws Exception {
        Engines.preferOffline();
        ImageSet images = randomImages(64);
        java.nio.file.Path checkpoint = java.nio.file.Files.createTempFile("resume-test-", ".params");
        checkpoint.toFile().deleteOnExit();
        List<float[]> trained;
        try (Model model = model(1)) {
            try (Trainer trainer = model.newTrainer(TrainingRecipe.config(1e-2))) {
                trainer.initialize(ModelFactory.inputShape(1, 1, 32));
                EasyTrain.fit(trainer, 1, new ImageSetDataset(images, 16, true, 1, 0, 1), null);
            }
            trained = weights(model);
            Checkpoints.encode(model.getBlock(), checkpoint);
        }
        try (Model fresh = model(2)) {
            try (Trainer trainer = fresh.newTrainer(TrainingRecipe.config(1e-2))) {
                trainer.initialize(ModelFactory.inputShape(1, 1, 32));
                assertFalse(equal(trained, weights(fresh)), "a fresh network starts elsewhere");
                Checkpoints.decode(fresh.getBlock(), fresh.getNDManager(), checkpoint, "test");
                List<float[]> restored = weights(fresh);
                assertEquals(trained.size(), restored.size());
                for (int i = 0; i < trained.size(); i++) {
                    assertArrayEquals(trained.get(i), restored.get(i), "parameter array " + i);
                }
            }
        }
    }

    @Test
    void aRunGoesOnAfterTheCheckpointedEpochAndBatch() {
        EarlyStopping.State early = new EarlyStopping.State(0.4, 1, false);
        assertEquals(new TrainingService.Start(0, 0, EarlyStopping.State.INITIAL),
                TrainingService.startOf(Optional.empty(), 8));
        assertEquals(new TrainingService.Start(3, 0, early), TrainingService.startOf(checkpoint(3, 0, early), 8),
                "after epoch 3: epoch 4 next, from its first batch");
        assertEquals(new TrainingService.Start(2, 13, early), TrainingService.startOf(checkpoint(2, 13, early), 8),
                "stopped inside epoch 3: on from its batch 14");
        assertEquals(new TrainingService.Start(8, 0, early), TrainingService.startOf(checkpoint(8, 0, early), 8),
                "nothing left to train after the last epoch");
    }

    private static Optional<Checkpoints.Checkpoint> checkpoint(int epoch, int batches, EarlyStopping.State s) {
        return Optional.of(new Checkpoints.Checkpoint("e", epoch, batches, s, Instant.EPOCH));
    }

    private static Model model(int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Model model = Model.newInstance("resume");
        model.setBlock(ModelFactory.build(ModelArchitecture.SMALL_CNN, 3));
        return model;
    }

    private static List<float[]> weights(Model model) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, ai.djl.nn.Parameter> p : model.getBlock().getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(a.toFloatArray());
        }
        return out;
    }

    private static boolean equal(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static ImageSet randomImages(int n) {
        Random r = new Random(5);
        byte[] px = new byte[n * 32 * 32];
        r.nextBytes(px);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(3);
        }
        return new ImageSet(px, labels, n, 32, 32, 1);
    }
}
