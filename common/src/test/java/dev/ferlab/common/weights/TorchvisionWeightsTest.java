package dev.ferlab.common.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.weights.SafeTensors.Header;
import dev.ferlab.common.weights.SafeTensors.Tensor;
import dev.ferlab.common.weights.TorchvisionNames.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The name tables against torchvision's own {@code state_dict} key lists (names and shapes, 1,000 classes), written by
 * {@code benchmarks/torchvision_parity.py keys} from torchvision's models (README, Pretrained weights).
 */
class TorchvisionWeightsTest {
    private record Key(String name, long[] shape) {
    }

    private static List<Key> published(ModelArchitecture m) throws IOException {
        try (InputStream in = TorchvisionWeightsTest.class.getResourceAsStream("/torchvision/" + m.id() + ".tsv")) {
            List<Key> keys = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                long[] shape = f[1].isEmpty() ? new long[0] : Arrays.stream(f[1].split(",")).mapToLong(Long::parseLong)
                        .toArray();
                keys.add(new Key(f[0], shape));
            }
            return keys;
        }
    }

    /** A header of F32 tensors (num_batches_tracked I64, as torch writes it) with these names and shapes. */
    private static Header header(List<Key> keys) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long at = 0;
        for (Key k : keys) {
            boolean counter = k.name().endsWith(TorchvisionNames.BATCHES_TRACKED);
            long n = Arrays.stream(k.shape()).reduce(1, (a, b) -> a * b) * (counter ? 8 : 4);
            tensors.put(k.name(), new Tensor(k.name(), counter ? "I64" : "F32", k.shape(), at, at + n));
            at += n;
        }
        return new Header(tensors, Map.of(), 8, 8 + at);
    }

    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"RESNET50", "VGG16", "MOBILENET_V3_LARGE"})
    void theTableIsTorchvisionsStateDictInOrderWithItsShapes(ModelArchitecture m) throws IOException {
        List<Key> keys = published(m).stream().filter(k -> !k.name().endsWith(TorchvisionNames.BATCHES_TRACKED))
                .toList();
        List<Entry> table = TorchvisionNames.of(m, 1000).orElseThrow();
        assertEquals(keys.stream().map(Key::name).toList(), table.stream().map(Entry::torchvision).toList());
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(Arrays.toString(keys.get(i).shape()), table.get(i).shapeText(), keys.get(i).name());
        }
        assertEquals(table.size(), table.stream().map(Entry::ferlab).distinct().count(), "one ferlab name each");
    }

    @ParameterizedTest
    @EnumSource(value = ModelArchitecture.class, names = {"RESNET50", "VGG16", "MOBILENET_V3_LARGE"})
    void torchvisionsStateDictIsAccepted(ModelArchitecture m) throws IOException {
        TorchvisionWeights.Checked c = TorchvisionWeights.check(m, header(published(m)));
        assertEquals(1000, c.classes());
        long expected = switch (m) {
            case RESNET50 -> 25_557_032L;
            case VGG16 -> 138_357_544L;
            default -> 5_483_032L;
        };
        assertEquals(expected, c.parameters(), "torchvision's parameter count for the 1,000-class network");
    }

    @Test
    void everythingWrongIsListedInOneMessage() throws IOException {
        List<Key> keys = new ArrayList<>(published(ModelArchitecture.RESNET50));
        keys.removeIf(k -> k.name().equals("layer2.0.conv1.weight"));
        keys.replaceAll(k -> k.name().equals("layer3.1.bn2.bias") ? new Key(k.name(), new long[] {255}) : k);
        keys.add(new Key("aux.weight", new long[] {3}));
        Header h = header(keys);
        Tensor fc = h.tensors().get("fc.bias");
        h.tensors().put("fc.bias", new Tensor(fc.name(), "F16", new long[] {2000}, fc.begin(), fc.end()));
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class,
                () -> TorchvisionWeights.check(ModelArchitecture.RESNET50, h));
        String m = e.getMessage();
        assertTrue(m.contains("1 tensor(s) missing: layer2.0.conv1.weight [128, 256, 1, 1]"), m);
        assertTrue(m.contains("does not have: aux.weight"), m);
        assertTrue(m.contains("layer3.1.bn2.bias is [255], expected [256]"), m);
        assertTrue(m.contains("fc.bias is [2000], expected [1000]"), m);
    }

    @Test
    void halfPrecisionIsRefusedWithHowToExportFloat32() throws IOException {
        Header h = header(published(ModelArchitecture.MOBILENET_V3_LARGE));
        Tensor t = h.tensors().get("features.0.0.weight");
        h.tensors().put(t.name(), new Tensor(t.name(), "F16", t.shape(), t.begin(), t.end()));
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class,
                () -> TorchvisionWeights.check(ModelArchitecture.MOBILENET_V3_LARGE, h));
        assertTrue(e.getMessage().contains("features.0.0.weight is F16") && e.getMessage().contains(".float()"),
                e.getMessage());
    }

    @Test
    void anotherNumberOfClassesIsTakenFromTheClassifier() throws IOException {
        List<Key> keys = new ArrayList<>(published(ModelArchitecture.VGG16));
        keys.replaceAll(k -> k.name().equals("classifier.6.weight") ? new Key(k.name(), new long[] {7, 4096})
                : k.name().equals("classifier.6.bias") ? new Key(k.name(), new long[] {7}) : k);
        assertEquals(7, TorchvisionWeights.check(ModelArchitecture.VGG16, header(keys)).classes());
    }

    @Test
    void theSmallCnnHasNoPublishedWeights() {
        assertTrue(TorchvisionNames.of(ModelArchitecture.SMALL_CNN, 7).isEmpty());
    }
}
