package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import dev.ferlab.common.spec.ModelArchitecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimiser's state goes with the model: after a training step and the model's close, every moment array Adam
 * made is released. DJL's own Adam keeps them (in the engine's system manager), which is what leaked 1.07 GB per
 * VGG16 run in a trainer; the second test pins that, so that a DJL which fixes it shows here.
 */
class ModelScopedAdamTest {
    @BeforeAll
    static void engine() {
        Engines.preferOffline();
    }

    @Test
    void theRecipesAdamStateIsReleasedWithTheModel() throws Exception {
        DefaultTrainingConfig config = TrainingRecipe.config(1e-3);
        List<NDArray> state = stepThenClose(config);
        assertFalse(state.isEmpty(), "Adam made its state");
        assertTrue(state.stream().allMatch(NDArray::isReleased), "every moment array released with the model");
    }

    @Test
    void djlsOwnAdamKeepsItsStateAfterTheModelIsClosed() throws Exception {
        DefaultTrainingConfig config = TrainingRecipe.config(1e-3).optOptimizer(Optimizer.adam().build());
        List<NDArray> state = stepThenClose(config);
        try {
            assertFalse(state.isEmpty(), "Adam made its state");
            assertTrue(state.stream().noneMatch(NDArray::isReleased), "DJL's Adam leaves its state behind");
        } finally {
            state.forEach(NDArray::close);
        }
    }

    /** One training step of a new small-cnn, the model closed; then the arrays in the optimiser's state. */
    private static List<NDArray> stepThenClose(DefaultTrainingConfig config) throws Exception {
        try (Model model = Model.newInstance("adam-state")) {
            model.setBlock(ModelFactory.build(ModelArchitecture.SMALL_CNN, 3));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(ModelFactory.inputShape(1, 1, 48));
                NDArray x = trainer.getManager().randomUniform(0, 1, new Shape(2, 1, 48, 48));
                NDArray y = trainer.getManager().randomInteger(0, 3, new Shape(2), DataType.INT32)
                        .toType(DataType.FLOAT32, false);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                }
                trainer.step();
            }
        }
        return stateOf((Adam) config.getOptimizer());
    }

    /** Adam's private moment maps, read by reflection: a test of a library's behaviour, not of its API. */
    @SuppressWarnings("unchecked")
    private static List<NDArray> stateOf(Adam adam) throws ReflectiveOperationException {
        List<NDArray> arrays = new ArrayList<>();
        for (String field : List.of("means", "variances")) {
            java.lang.reflect.Field f = Adam.class.getDeclaredField(field);
            f.setAccessible(true);
            for (Map<Device, NDArray> perDevice : ((Map<String, Map<Device, NDArray>>) f.get(adam)).values()) {
                arrays.addAll(perDevice.values());
            }
        }
        return arrays;
    }
}
