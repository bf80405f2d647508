package dev.ferlab.trainer.benchmark;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.weights.SafeTensors;
import dev.ferlab.common.weights.TorchvisionWeights;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ModelFactory;
import dev.ferlab.models.TorchvisionImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Imports the torchvision networks {@code benchmarks/torchvision_parity.py logits DIR} wrote (random weights, their
 * logits on fixed inputs) and prints how far ferlab's logits on the same inputs are from torchvision's: the check
 * that the name tables and the layers mean the same network.
 *
 * <pre>./ferlab bench torchvision DIR</pre>
 */
public final class TorchvisionParity {
    /** The bound on the largest absolute difference. */
    private static final double GOAL = 1e-4;

    private TorchvisionParity() {
    }

    public static void main(String[] args) throws Exception {
        Engines.preferOffline();
        Path dir = Path.of(args.length > 0 ? args[0] : ".ferlab/torchvision");
        Engine engine = Engine.getInstance();
        System.out.printf("torchvision's logits against ferlab's, eval mode, float32; %s %s on %s%n",
                engine.getEngineName(), engine.getVersion(), Engines.device());
        boolean all = true;
        int found = 0;
        for (ModelArchitecture m : new ModelArchitecture[] {ModelArchitecture.RESNET50, ModelArchitecture.VGG16,
                ModelArchitecture.MOBILENET_V3_LARGE}) {
            Path weights = dir.resolve(m.id() + ".safetensors");
            Path io = dir.resolve(m.id() + "-io.safetensors");
            if (!Files.exists(weights) || !Files.exists(io)) {
                System.out.printf("%-18s no %s (run benchmarks/torchvision_parity.py logits %s)%n", m.id(), weights,
                        dir);
                all = false;
                continue;
            }
            found++;
            all &= compare(m, weights, io);
        }
        System.exit(all && found > 0 ? 0 : 1);
    }

    private static boolean compare(ModelArchitecture m, Path weights, Path io) throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance(m.id())) {
            NDArray input = tensor(manager, io, "input");
            NDArray expected = tensor(manager, io, "logits");
            int classes = TorchvisionWeights.check(m, weights).classes();
            model.setBlock(ModelFactory.build(m, classes));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, input.getShape());
            int copied = TorchvisionImport.apply(model.getBlock(), m, weights);
            NDArray actual = model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow();
            double maxDiff = actual.sub(expected).abs().max().getFloat();
            double scale = expected.abs().max().getFloat();
            double std = expected.sub(expected.mean()).pow(2).mean().sqrt().getFloat();
            boolean sameTop = actual.argMax(1).contentEquals(expected.argMax(1));
            boolean ok = maxDiff < GOAL && sameTop;
            System.out.printf("%-18s %d tensors imported; input %s; logits: largest |torchvision| %.4g, std %.4g; "
                    + "max |ferlab - torchvision| %.3g (%.2g of the largest); same top class: %s; %s%n", m.id(),
                    copied, input.getShape(), scale, std, maxDiff, maxDiff / scale, sameTop,
                    ok ? "within " + GOAL : "NOT within " + GOAL);
            return ok;
        }
    }

    private static NDArray tensor(NDManager manager, Path file, String name) throws IOException {
        long[] shape = SafeTensors.read(file).tensor(name).orElseThrow().shape();
        return manager.create(SafeTensors.floats(file, name), new Shape(shape));
    }
}
