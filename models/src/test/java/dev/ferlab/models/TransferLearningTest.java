package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.ferlab.common.spec.ModelArchitecture;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransferLearningTest {
    private static final Shape INPUT = new Shape(1, 3, 96, 96);

    @BeforeAll
    static void offline() {
        Engines.preferOffline();
    }

    private static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> values = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    private static void trainOneStep(Trainer trainer, int classes) {
        NDManager m = trainer.getManager();
        NDArray x = m.randomUniform(0, 1, new Shape(4, 3, 96, 96));
        NDArray y = m.randomInteger(0, classes, new Shape(4), DataType.INT32).toType(DataType.FLOAT32, false);
        try (GradientCollector g = trainer.newGradientCollector()) {
            NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
            g.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(out)));
        }
        trainer.step();
    }

    private static DefaultTrainingConfig config() {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
    }

    @Test
    void partialFineTuningMovesOnlyTheTrainableLayersAndStartsFromThePretrainedWeights() {
        try (Model pretrained = Model.newInstance("pre"); Model tuned = Model.newInstance("tuned")) {
            pretrained.setBlock(ModelFactory.build(ModelArchitecture.MOBILENET_V3_LARGE, 8));
            try (Trainer t = pretrained.newTrainer(config())) {
                t.initialize(INPUT);
                trainOneStep(t, 8);
            }
            tuned.setBlock(ModelFactory.build(ModelArchitecture.MOBILENET_V3_LARGE, 7));
            try (Trainer t = tuned.newTrainer(config())) {
                t.initialize(INPUT);
                int copied = TransferLearning.copyMatching(pretrained.getBlock(), tuned.getBlock());
                int all = tuned.getBlock().getParameters().size();
                assertEquals(all - 2, copied, "everything but the new classifier's weight and bias");
                Map<String, float[]> pre = snapshot(pretrained.getBlock());
                Map<String, float[]> start = snapshot(tuned.getBlock());
                start.forEach((name, v) -> {
                    if (pre.containsKey(name) && pre.get(name).length == v.length) {
                        assertTrue(java.util.Arrays.equals(pre.get(name), v), name + " copied");
                    }
                });

                TransferLearning.Freezing f = TransferLearning.freezeForPartial(tuned.getBlock());
                assertEquals(f.trainable(), TransferLearning.trainableParameters(tuned.getBlock()));
                assertEquals(0.3, f.trainableShare(), 0.05);
                trainOneStep(t, 7);
                Map<String, float[]> after = snapshot(tuned.getBlock());
                int frozenSeen = 0;
                int trainableSeen = 0;
                for (Pair<String, Parameter> p : tuned.getBlock().getParameters()) {
                    Parameter.Type type = p.getValue().getType();
                    if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                        continue;
                    }
                    boolean moved = !java.util.Arrays.equals(start.get(p.getKey()), after.get(p.getKey()));
                    if (p.getValue().requiresGradient()) {
                        trainableSeen++;
                        assertTrue(moved, p.getKey() + " is trainable and must move");
                    } else {
                        frozenSeen++;
                        assertFalse(moved, p.getKey() + " is frozen and must not move");
                    }
                }
                assertTrue(frozenSeen > 0 && trainableSeen > 0);
            }
        }
    }

    @Test
    void partialTrainableCountsOfTheStudysModels() {
        for (ModelArchitecture architecture : new ModelArchitecture[] {ModelArchitecture.RESNET50,
            ModelArchitecture.VGG16, ModelArchitecture.MOBILENET_V3_LARGE}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block block = ModelFactory.build(architecture, 8);
                block.initialize(manager, DataType.FLOAT32, INPUT);
                TransferLearning.Freezing f = TransferLearning.freezeForPartial(block);
                System.out.printf("%s partial: %,d of %,d parameters trainable (%.1f%%), %d of %d layers frozen%n",
                        architecture.id(), f.trainable(), f.total(), 100 * f.trainableShare(), f.frozenLayers(),
                        f.layers());
                assertEquals(f.trainable(), TransferLearning.trainableParameters(block));
                assertTrue(f.trainable() > 0 && f.trainable() < f.total());
            }
        }
    }
}
