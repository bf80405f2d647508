package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.weights.InvalidWeightsException;
import dev.ferlab.common.weights.SafeTensors;
import dev.ferlab.common.weights.TorchvisionNames;
import dev.ferlab.common.weights.TorchvisionNames.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The name tables against the networks ferlab builds, and a round trip: a network's weights written as torchvision
 * would name them, imported into another network, give the same outputs.
 */
class TorchvisionImportTest {
    private static final Shape INPUT = new Shape(2, 3, 96, 96);

    @TempDir
    Path dir;

    @BeforeAll
    static void offline() {
        Engines.preferOffline();
    }

    private static Model network(ModelArchitecture m, int classes, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Model model = Model.newInstance("m");
        model.setBlock(ModelFactory.build(m, classes));
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
        return model;
    }

    private static Map<String, Parameter> parameters(Block block) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue());
        }
        return byName;
    }

    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"RESNET50", "VGG16", "MOBILENET_V3_LARGE"})
    void theTableNamesEveryParameterOfTheNetworkOnceWithItsShape(ModelArchitecture m) {
        try (Model model = network(m, 7, 1)) {
            Map<String, Parameter> params = parameters(model.getBlock());
            List<Entry> table = TorchvisionNames.of(m, 7).orElseThrow();
            assertEquals(params.keySet(), new java.util.HashSet<>(table.stream().map(Entry::ferlab).toList()));
            assertEquals(params.size(), table.size());
            for (Entry e : table) {
                assertEquals(new Shape(e.shape()), params.get(e.ferlab()).getArray().getShape(), e.torchvision());
            }
        }
    }

    /** Writes the network's parameters under torchvision's names, as torch would (with the BN counters). */
    private Path export(Model model, ModelArchitecture m, int classes) throws IOException {
        Map<String, Parameter> params = parameters(model.getBlock());
        List<SafeTensors.Float32> tensors = new ArrayList<>();
        for (Entry e : TorchvisionNames.of(m, classes).orElseThrow()) {
            tensors.add(new SafeTensors.Float32(e.torchvision(), e.shape(),
                    params.get(e.ferlab()).getArray().toFloatArray()));
        }
        Path file = dir.resolve(m.id() + ".safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));
        return file;
    }

    private static float[] outputs(Model model, NDArray x) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(scope);
            return model.getBlock().forward(new ParameterStore(scope, false), new NDList(in), false)
                    .singletonOrThrow().toFloatArray();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"RESNET50", "VGG16", "MOBILENET_V3_LARGE"})
    void weightsWrittenWithTorchvisionsNamesImportToTheSameOutputs(ModelArchitecture m) throws IOException {
        try (Model source = network(m, 10, 1); Model target = network(m, 10, 2);
                NDManager manager = NDManager.newBaseManager()) {
            // Running statistics away from their initial 0 and 1, so that a swapped mean and variance would show.
            Random random = new Random(3);
            for (Parameter p : parameters(source.getBlock()).values()) {
                if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
                    float[] v = new float[(int) p.getArray().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = p.getType() == Parameter.Type.RUNNING_VAR ? 0.5f + random.nextFloat()
                                : (random.nextFloat() - 0.5f) * 0.2f;
                    }
                    p.getArray().set(v);
                }
            }
            Path file = export(source, m, 10);
            NDArray x = manager.randomNormal(INPUT);
            float[] expected = outputs(source, x);
            assertTrue(!Arrays.equals(expected, outputs(target, x)), "the two networks start different");
            int copied = TorchvisionImport.apply(target.getBlock(), m, file);
            assertEquals(TorchvisionNames.of(m, 10).orElseThrow().size(), copied);
            assertArrayEquals(expected, outputs(target, x), 0f, "identical outputs after the import");
        }
    }

    @Test
    void aClassifierOfAnotherSizeKeepsItsInitialisation() throws IOException {
        try (Model imagenet = network(ModelArchitecture.MOBILENET_V3_LARGE, 1000, 1);
                Model tuned = network(ModelArchitecture.MOBILENET_V3_LARGE, 7, 2)) {
            Path file = export(imagenet, ModelArchitecture.MOBILENET_V3_LARGE, 1000);
            Map<String, Parameter> p = parameters(tuned.getBlock());
            float[] before = p.get("22Linear_weight").getArray().toFloatArray();
            int copied = TorchvisionImport.apply(tuned.getBlock(), ModelArchitecture.MOBILENET_V3_LARGE, file);
            assertEquals(p.size() - 2, copied, "all but the classifier's weight and bias");
            assertArrayEquals(before, p.get("22Linear_weight").getArray().toFloatArray());
            assertArrayEquals(parameters(imagenet.getBlock()).get("19Linear_weight").getArray().toFloatArray(),
                    p.get("19Linear_weight").getArray().toFloatArray());
        }
    }

    @Test
    void aFileOfAnotherNetworkIsRefusedAndNothingIsCopied() throws IOException {
        try (Model resnet = network(ModelArchitecture.RESNET50, 7, 1);
                Model mobile = network(ModelArchitecture.MOBILENET_V3_LARGE, 7, 2)) {
            Path file = export(resnet, ModelArchitecture.RESNET50, 7);
            float[] before = parameters(mobile.getBlock()).get("19Linear_weight").getArray().toFloatArray();
            InvalidWeightsException e = assertThrows(InvalidWeightsException.class,
                    () -> TorchvisionImport.apply(mobile.getBlock(), ModelArchitecture.MOBILENET_V3_LARGE, file));
            assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("does not have"),
                    e.getMessage());
            assertArrayEquals(before, parameters(mobile.getBlock()).get("19Linear_weight").getArray().toFloatArray());
            assertTrue(Files.exists(file));
        }
    }
}
