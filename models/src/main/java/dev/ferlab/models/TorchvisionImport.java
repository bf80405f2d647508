package dev.ferlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.weights.SafeTensors;
import dev.ferlab.common.weights.TorchvisionNames.Entry;
import dev.ferlab.common.weights.TorchvisionWeights;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Fills a ferlab network from a safetensors file of torchvision-named weights, by the architecture's name table: each
 * tensor into the parameter the table names, after {@link TorchvisionWeights#check} has found the file whole.
 */
public final class TorchvisionImport {
    private TorchvisionImport() {
    }

    /**
     * Copies every tensor into {@code network} (initialised), but a classifier of another number of classes, which
     * keeps its initialisation.
     *
     * @return parameter arrays copied
     */
    public static int apply(Block network, ModelArchitecture architecture, Path file) throws IOException {
        TorchvisionWeights.Checked checked = TorchvisionWeights.check(architecture, file);
        Map<String, Parameter> parameters = new HashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            parameters.put(p.getKey(), p.getValue());
        }
        int copied = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Entry e : checked.table()) {
                Parameter parameter = parameters.get(e.ferlab());
                if (parameter == null) {
                    throw new IllegalStateException("the " + architecture.id() + " network has no parameter "
                            + e.ferlab() + " for " + e.torchvision() + ": the name table and the network disagree");
                }
                NDArray array = parameter.getArray();
                if (!array.getShape().equals(new Shape(e.shape()))) {
                    if (e.classifier()) {
                        continue;
                    }
                    throw new IllegalStateException(e.ferlab() + " is " + array.getShape() + ", " + e.torchvision()
                            + " " + e.shapeText() + ": the name table and the network disagree");
                }
                SafeTensors.Tensor tensor = checked.header().tensors().get(e.torchvision());
                array.set(SafeTensors.data(channel, checked.header(), tensor).asFloatBuffer());
                copied++;
            }
        }
        return copied;
    }
}
