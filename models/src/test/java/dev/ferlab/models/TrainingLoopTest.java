package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import dev.ferlab.common.spec.ModelArchitecture;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch whose gradients are not finite is left out: the weights stay finite and training goes on, where DJL's own
 * loop applies it and every weight becomes NaN; a run that stays non-finite fails as diverged. The non-finite batch
 * is made by a NaN in its pixels, the way a NaN from anywhere in the forward pass reaches the loss.
 */
class TrainingLoopTest {
    private static final int SIZE = 48;
    private static final int BATCH = 8;
    private static final int BATCHES = 4;

    @BeforeAll
    static void engine() {
        Engines.preferOffline();
    }

    @Test
    void aNonFiniteBatchIsLeftOutAndTrainingGoesOnWithFiniteWeights() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); Model model = model()) {
            int[] seen = {0};
            try (Trainer trainer = trainer(model, seen)) {
                TrainingLoop loop = new TrainingLoop("test");
                loop.fit(trainer, 2, dataset(m, b -> b == 2), null);
                assertEquals(2, loop.skipped(), "batch 2 of each of the two passes");
                assertEquals(2 * (BATCHES - 1), seen[0], "the listeners saw only the batches applied");
                assertTrue(finite(model), "every weight finite");
            }
        }
    }

    @Test
    void djlsOwnLoopAppliesTheSameBatchAndEveryWeightBecomesNaN() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); Model model = model()) {
            // Without the basic listeners, whose divergence check would stop it: what a plain loop does.
            try (Trainer trainer = trainer(model, new int[1])) {
                EasyTrain.fit(trainer, 1, dataset(m, b -> b == 2), null);
                assertFalse(finite(model), "the guard is what keeps the weights finite");
            }
        }
    }

    @Test
    void aRunThatStaysNonFiniteFailsAsDiverged() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); Model model = model()) {
            try (Trainer trainer = trainer(model, new int[1])) {
                TrainingLoop loop = new TrainingLoop("test");
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> loop.fit(trainer, 2, dataset(m, b -> true), null));
                assertTrue(e.getMessage().contains("training diverged: " + TrainingLoop.MAX_CONSECUTIVE_SKIPS
                        + " batches in a row"), e.getMessage());
                assertTrue(finite(model), "nothing non-finite was applied");
            }
        }
    }

    private static Model model() {
        Engine.getInstance().setRandomSeed(5);
        Model model = Model.newInstance("loop");
        model.setBlock(ModelFactory.build(ModelArchitecture.SMALL_CNN, 3));
        return model;
    }

    private static Trainer trainer(Model model, int[] seen) {
        Trainer trainer = model.newTrainer(TrainingRecipe.config(1e-3).addTrainingListeners(
                new TrainingListenerAdapter() {
                    @Override
                    public void onTrainingBatch(Trainer t, BatchData data) {
                        seen[0]++;
                    }
                }));
        trainer.initialize(ModelFactory.inputShape(1, 1, SIZE));
        return trainer;
    }

    /** Random pixels in order, batch by batch; the batches {@code nan} picks have a NaN in their first image. */
    private static ArrayDataset dataset(NDManager m, IntPredicate nan) {
        NDArray x = m.randomUniform(0, 1, new Shape(BATCH * BATCHES, 1, SIZE, SIZE));
        for (int b = 0; b < BATCHES; b++) {
            if (nan.test(b)) {
                x.set(new NDIndex(b * BATCH + ", 0, 0, 0"), Float.NaN);
            }
        }
        NDArray y = m.randomInteger(0, 3, new Shape(BATCH * BATCHES), DataType.INT32).toType(DataType.FLOAT32, false);
        return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(BATCH, false).build();
    }

    private static boolean finite(Model model) {
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (!Float.isFinite(p.getValue().getArray().abs().sum().getFloat())) {
                return false;
            }
        }
        return true;
    }
}
