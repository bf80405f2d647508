package dev.ferlab.trainer.benchmark;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ModelFactory;

/**
 * The baselines of {@code ./ferlab bench scale}'s training and evaluation figures, what a user would write with
 * DJL alone, on random tensors at the size {@code -Dferlab.bench.size} (96): one epoch of a new model over as many
 * images as the trainer's epoch had ({@link TrainingBenchmark#bareEpoch}, batch 32), and a bare inference loop
 * (batch 64, as the evaluator scores: forward, log-softmax, the scores read back). Prints {@code bare epoch MODEL
 * IMAGES IMAGES_PER_SECOND} for each {@code MODEL:IMAGES} and {@code bare infer MODEL IMAGES_PER_SECOND} for each
 * model, for the script to read; {@code -Dferlab.bench.repeats} rounds of all of them in turn (1), since one epoch's
 * speed moves by up to half between runs on a shared two-core machine and only several samples give a median.
 *
 * <pre>BareDjl MODEL:IMAGES ...</pre>
 */
public final class BareDjl {
    private static final int INFER_BATCH = 64;
    private static final int CLASSES = 7;

    private BareDjl() {
    }

    public static void main(String[] args) throws Exception {
        Engines.preferOffline();
        int batches = Integer.getInteger("ferlab.bench.batches", 12);
        int size = Integer.getInteger("ferlab.bench.size", 96);
        int repeats = Integer.getInteger("ferlab.bench.repeats", 1);
        for (int round = 0; round < repeats; round++) {
            java.util.Set<String> inferred = new java.util.LinkedHashSet<>();
            for (String arg : args) {
                String id = arg.substring(0, arg.indexOf(':'));
                int images = Integer.parseInt(arg.substring(arg.indexOf(':') + 1));
                ModelArchitecture architecture = ModelArchitecture.fromId(id);
                System.out.printf("bare epoch %s %d %.2f%n", id, images, TrainingBenchmark.bareEpoch(architecture,
                        images));
                if (inferred.add(id)) {
                    System.out.printf("bare infer %s %.2f%n", id, inference(architecture, size, batches));
                }
            }
        }
    }

    private static double inference(ModelArchitecture architecture, int size, int batches) {
        int channels = ModelFactory.inputChannels(architecture);
        try (Model model = Model.newInstance("bare-inference")) {
            model.setBlock(ModelFactory.build(architecture, CLASSES));
            NDManager m = model.getNDManager();
            model.getBlock().setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            model.getBlock().initialize(m, ai.djl.ndarray.types.DataType.FLOAT32,
                    ModelFactory.inputShape(1, channels, size));
            ParameterStore parameters = new ParameterStore(m, false);
            NDArray[] inputs = new NDArray[batches + 2];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = m.randomUniform(0, 1, new Shape(INFER_BATCH, channels, size, size));
            }
            long start = 0;
            for (int i = 0; i < inputs.length; i++) {
                if (i == 2) {
                    start = System.nanoTime(); // after two warm-up batches
                }
                try (NDManager step = m.newSubManager()) {
                    inputs[i].tempAttach(step);
                    NDList logits = model.getBlock().forward(parameters, new NDList(inputs[i]), false);
                    logits.singletonOrThrow().logSoftmax(1).toFloatArray();
                }
            }
            return batches * INFER_BATCH / ((System.nanoTime() - start) / 1e9);
        }
    }
}
