package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.ferlab.common.models.ModelDescriptor;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.spec.ModelArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored model reads back as it was saved; a file that is not one is refused, never replaced by random weights. */
class StoredModelsTest {
    private static final ModelDescriptor SMALL = new ModelDescriptor("e1", ModelArchitecture.SMALL_CNN,
            List.of("a", "b", "c"), 3, 48, 1, "s", null);

    @BeforeAll
    static void offline() {
        Engines.preferOffline();
    }

    @Test
    void aSavedModelLoadsWithTheSameOutputs(@TempDir Path dir) throws Exception {
        float[] expected;
        try (Model model = Model.newInstance(ModelFiles.NAME)) {
            model.setBlock(ModelFactory.build(SMALL.architecture(), 3));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, ModelFactory.inputShape(1, 3, 48));
            expected = outputs(model);
            model.save(dir, ModelFiles.NAME);
        }
        try (Model loaded = StoredModels.loadLocal(dir, SMALL, "test")) {
            assertArrayEquals(expected, outputs(loaded), 1e-6f);
        }
    }

    @Test
    void aFileThatIsNotAModelIsRefusedSayingWhichFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ModelFiles.LOCAL_PARAMS), "these are not DJL parameters");
        IOException e = assertThrows(IOException.class,
                () -> StoredModels.loadLocal(dir, SMALL, "models/experiments/x/final/model.params").close());
        assertTrue(e.getMessage().contains("models/experiments/x/final/model.params cannot be read"), e.getMessage());
    }

    @Test
    void aTruncatedModelFileIsRefused(@TempDir Path dir) throws Exception {
        try (Model model = Model.newInstance(ModelFiles.NAME)) {
            model.setBlock(ModelFactory.build(SMALL.architecture(), 3));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, ModelFactory.inputShape(1, 3, 48));
            model.save(dir, ModelFiles.NAME);
        }
        Path file = dir.resolve(ModelFiles.LOCAL_PARAMS);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> StoredModels.loadLocal(dir, SMALL, "half").close());
        assertTrue(e.getMessage().contains("half cannot be read"), e.getMessage());
    }

    private static float[] outputs(Model model) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.ones(ModelFactory.inputShape(2, 3, 48)).mul(0.5f);
            NDList out = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }
}
