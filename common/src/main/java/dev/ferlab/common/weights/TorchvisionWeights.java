package dev.ferlab.common.weights;

import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.weights.SafeTensors.Header;
import dev.ferlab.common.weights.SafeTensors.Tensor;
import dev.ferlab.common.weights.TorchvisionNames.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a safetensors file of torchvision-named weights against a network's name table: every tensor present, of
 * the table's shape, float32, and nothing else. What is wrong is listed in one message.
 */
public final class TorchvisionWeights {
    /** At most this many names of each kind in a message; the rest are counted. */
    private static final int LISTED = 12;

    /** A file that fits its network: the table for its number of classes, and the header to read it by. */
    public record Checked(ModelArchitecture architecture, int classes, List<Entry> table, Header header,
            long parameters) {
    }

    private TorchvisionWeights() {
    }

    public static Checked check(ModelArchitecture architecture, Path file) throws IOException {
        if (!TorchvisionNames.published(architecture)) {
            throw new InvalidWeightsException(architecture.id() + " has no published weights to import: train it "
                    + "with ferlab and store that model as its pretrained weights (README, Pretrained weights)");
        }
        return check(architecture, SafeTensors.read(file));
    }

    static Checked check(ModelArchitecture architecture, Header header) {
        // The classifier's rows give the number of classes (1,000 for ImageNet); everything else is fixed.
        Entry classifier = TorchvisionNames.classifierWeight(TorchvisionNames.of(architecture, 2).orElseThrow());
        int classes = header.tensor(classifier.torchvision())
                .filter(t -> t.shape().length == 2 && t.shape()[0] >= 2 && t.shape()[0] <= Integer.MAX_VALUE)
                .map(t -> (int) t.shape()[0]).orElse(1000);
        List<Entry> table = TorchvisionNames.of(architecture, classes).orElseThrow();
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        List<String> dtypes = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        long parameters = 0;
        for (Entry e : table) {
            expected.add(e.torchvision());
            Tensor t = header.tensors().get(e.torchvision());
            if (t == null) {
                missing.add(e.torchvision() + " " + e.shapeText());
            } else if (!Arrays.equals(t.shape(), e.shape())) {
                misshaped.add(e.torchvision() + " is " + t.shapeText() + ", expected " + e.shapeText());
            } else if (!t.dtype().equals("F32")) {
                dtypes.add(e.torchvision() + " is " + t.dtype());
            } else if (!e.torchvision().endsWith("running_mean") && !e.torchvision().endsWith("running_var")) {
                parameters += t.elements();
            }
        }
        List<String> extra = header.tensors().keySet().stream()
                .filter(n -> !expected.contains(n) && !n.endsWith("." + TorchvisionNames.BATCHES_TRACKED)).toList();
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " tensor(s) missing: " + listed(missing));
        }
        if (!extra.isEmpty()) {
            problems.add(extra.size() + " tensor(s) that torchvision's " + architecture.id() + " does not have: "
                    + listed(extra));
        }
        if (!misshaped.isEmpty()) {
            problems.add(misshaped.size() + " tensor(s) of the wrong shape: " + listed(misshaped));
        }
        if (!dtypes.isEmpty()) {
            problems.add(dtypes.size() + " tensor(s) not float32 (F32), which ferlab imports: " + listed(dtypes)
                    + " (export with .float(), README, Pretrained weights)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidWeightsException("these are not torchvision's " + architecture.id() + " weights with "
                    + classes + " classes: " + String.join("; ", problems));
        }
        return new Checked(architecture, classes, table, header, parameters);
    }

    private static String listed(List<String> items) {
        String shown = items.stream().limit(LISTED).collect(Collectors.joining(", "));
        return items.size() > LISTED ? shown + " and " + (items.size() - LISTED) + " more" : shown;
    }
}
