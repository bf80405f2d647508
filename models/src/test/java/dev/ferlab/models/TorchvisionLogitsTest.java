package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.weights.SafeTensors;
import dev.ferlab.common.weights.TorchvisionNames;
import dev.ferlab.common.weights.TorchvisionNames.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ferlab's networks, filled by the name table with weights from a formula, against torchvision's logits for the same
 * weights and input ({@code benchmarks/torchvision_parity.py pinned}, torchvision 0.14.1): the layers and the table
 * mean the same network, checked in every build without torchvision. A swapped pair of same-shaped tensors (a
 * BatchNorm's mean and variance, say), which names and shapes cannot catch, changes the logits.
 */
class TorchvisionLogitsTest {
    /** Largest difference allowed, relative to the largest logit (float32 through 16 to 50 layers). */
    private static final double RELATIVE = 2e-5;

    @TempDir
    Path dir;

    @BeforeAll
    static void offline() {
        Engines.preferOffline();
    }

    /** The twin of pinned_values in benchmarks/torchvision_parity.py, bit for bit. */
    static float[] pinned(String name, long[] shape) {
        int h = 0x811C9DC5;
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x01000193;
        }
        long hash = h & 0xFFFFFFFFL;
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        long fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            long x = ((i * 0x9E3779B1L) ^ hash) & 0xFFFFFFFFL;
            x ^= x >>> 16;
            x = (x * 0x85EBCA6BL) & 0xFFFFFFFFL;
            x ^= x >>> 13;
            x = (x * 0xC2B2AE35L) & 0xFFFFFFFFL;
            x ^= x >>> 16;
            double u = (x >>> 8) / 16777216.0;
            double value;
            if (name.equals("input")) {
                value = (2 * u - 1) * 1.7;
            } else if (shape.length >= 2) {
                value = (2 * u - 1) * Math.sqrt(6.0 / fanIn);
            } else if (name.endsWith("running_var")) {
                value = 1 + (2 * u - 1) * 0.25;
            } else if (name.endsWith("weight")) {
                value = 1 + (2 * u - 1) * 0.1;
            } else {
                value = (2 * u - 1) * 0.1;
            }
            v[i] = (float) value;
        }
        return v;
    }

    private float[] torchvisionLogits(ModelArchitecture m) throws IOException {
        Path file = dir.resolve(m.id() + "-logits.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/torchvision/" + m.id() + "-logits.safetensors")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return SafeTensors.floats(file, "logits");
    }

    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"RESNET50", "VGG16", "MOBILENET_V3_LARGE"})
    void ferlabsNetworkGivesTorchvisionsLogits(ModelArchitecture m) throws IOException {
        Shape input = new Shape(2, 3, 96, 96);
        float[] expected = torchvisionLogits(m);
        try (Model model = Model.newInstance(m.id()); NDManager manager = NDManager.newBaseManager()) {
            model.setBlock(ModelFactory.build(m, 1000));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, input);
            Map<String, Parameter> params = new HashMap<>();
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                params.put(p.getKey(), p.getValue());
            }
            List<Entry> table = TorchvisionNames.of(m, 1000).orElseThrow();
            for (Entry e : table) {
                params.get(e.ferlab()).getArray().set(pinned(e.torchvision(), e.shape()));
            }
            NDArray x = manager.create(pinned("input", input.getShape()), input);
            float[] actual = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow().toFloatArray();
            assertEquals(expected.length, actual.length);
            double largest = 0;
            double diff = 0;
            for (int i = 0; i < expected.length; i++) {
                largest = Math.max(largest, Math.abs(expected[i]));
                diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(diff / largest < RELATIVE, m.id() + ": max |ferlab - torchvision| " + diff + " against a "
                    + "largest logit of " + largest);
        }
    }
}
