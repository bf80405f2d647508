package dev.ferlab.trainer.benchmark;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import dev.ferlab.common.shards.ImageSet;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ImageSetDataset;
import dev.ferlab.models.ModelFactory;
import dev.ferlab.models.TrainingLoop;
import dev.ferlab.models.TrainingRecipe;
import dev.ferlab.trainer.service.ProgressListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Prints the training figures of the docs: images per second for each model at batch 32 on 96x96 images, through
 * the trainer's pipeline (shard images in memory batched by ImageSetDataset with its between-batch check, the
 * study's recipe with accuracy, DJL's default listeners and the progress listener, its TrainingLoop) against a bare DJL
 * loop over tensors made up front (forward, loss, backward, step, nothing else), interleaved rounds, best round of
 * each. Per-epoch work (validation, the checkpoint upload) is left out of both: it is measured by the pipeline's
 * own epoch figures.
 *
 * <pre>./ferlab bench train [MODEL ...]</pre>
 */
public final class TrainingBenchmark {
    private static final int BATCH = 32;
    private static final int SIZE = Integer.getInteger("ferlab.bench.size", 96);
    private static final int CLASSES = 8;
    private static final int WARM_UP = 2;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Engines.preferOffline();
        int batches = Integer.getInteger("ferlab.bench.batches", 6);
        int rounds = Integer.getInteger("ferlab.bench.rounds", 2);
        List<ModelArchitecture> models = new ArrayList<>();
        for (String a : args.length > 0 ? args : new String[] {"small-cnn", "mobilenetv3-large", "resnet50",
                "vgg16"}) {
            models.add(ModelArchitecture.fromId(a));
        }
        Engine engine = Engine.getInstance();
        System.out.printf("training throughput, batch %d, %dx%d grayscale, %d classes, %d timed batches after %d"
                + " warm-up, best of %d interleaved rounds; %s %s on %s, %d cores%n", BATCH, SIZE, SIZE, CLASSES,
                batches, WARM_UP, rounds, engine.getEngineName(), engine.getVersion(), Engines.device(),
                Runtime.getRuntime().availableProcessors());
        for (ModelArchitecture model : models) {
            ImageSet images = randomImages(BATCH * (batches + WARM_UP), 7);
            double bare = 0;
            double pipeline = 0;
            for (int round = 0; round < rounds; round++) {
                bare = Math.max(bare, bareLoop(model, batches));
                pipeline = Math.max(pipeline, pipeline(model, images, batches));
            }
            System.out.printf("  %-18s bare DJL loop %8.1f images/s, ferlab pipeline %8.1f images/s, ratio %.3f%n",
                    model.id(), bare, pipeline, pipeline / bare);
        }
    }

    /** The trainer's own path: the same dataset class, recipe and listeners an experiment gets. */
    private static double pipeline(ModelArchitecture architecture, ImageSet images, int batches) throws Exception {
        int channels = ModelFactory.inputChannels(architecture);
        try (Model model = Model.newInstance("bench")) {
            model.setBlock(ModelFactory.build(architecture, CLASSES));
            ProgressListener progress = new ProgressListener("bench", 0, 2, p -> { });
            DefaultTrainingConfig config = TrainingRecipe.config(1e-3)
                    .addTrainingListeners(TrainingListener.Defaults.basic())
                    .addTrainingListeners(progress);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(ModelFactory.inputShape(1, channels, SIZE));
                TrainingLoop loop = new TrainingLoop("bench");
                loop.fit(trainer, 1, dataset(images, WARM_UP, channels, progress), null);
                ImageSetDataset timed = dataset(images, batches, channels, progress);
                long start = System.nanoTime();
                loop.fit(trainer, 1, timed, null);
                return batches * BATCH / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Marks each batch for the listener as the trainer does, so its epoch line times the training batches. */
    private static ImageSetDataset dataset(ImageSet images, int batches, int channels, ProgressListener progress) {
        return new ImageSetDataset(images, BATCH, true, 11, batches, channels).beforeEachBatch(progress::trainingBatch);
    }

    /** What a user would write with DJL alone: one tensor pair made up front, then forward, backward, step. */
    static double bareLoop(ModelArchitecture architecture, int batches) {
        try (Model model = Model.newInstance("bare"); Trainer trainer = bareTrainer(model, architecture)) {
            // A distinct batch per step, all made before the clock starts: one batch over and over would be learnt
            // by heart within a few steps, and the vanishing gradients (denormal floats) slow a CPU down.
            List<NDArray[]> data = new ArrayList<>();
            for (int i = 0; i < WARM_UP + batches; i++) {
                data.add(randomBatch(trainer, architecture, BATCH));
            }
            for (int i = 0; i < WARM_UP; i++) {
                step(trainer, data.get(i)[0], data.get(i)[1]);
            }
            long start = System.nanoTime();
            for (int i = WARM_UP; i < WARM_UP + batches; i++) {
                step(trainer, data.get(i)[0], data.get(i)[1]);
            }
            return batches * BATCH / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * What a user would write with DJL alone to train a new model one epoch over {@code images} images: the batches
     * of the epoch (the last one partial), each made just before its step and outside the clock, timed from the
     * first step to the last. A throwaway model takes {@value #WARM_UP} steps first, so that the engine and the JIT
     * are as warm as in a trainer that has trained before; the new model's own first steps are timed, as the
     * trainer's are.
     */
    static double bareEpoch(ModelArchitecture architecture, int images) {
        return bareEpochs(architecture, images, null, 1)[0];
    }

    /**
     * As {@link #bareEpoch(ModelArchitecture, int)}, {@code epochs} epochs of the same new model, each one's images per
     * second; on {@code faces} when given: batches of real images, each epoch in a new shuffled order (from the start
     * of it again when the epoch wants more images than there are), as a user's loop over a decoded dataset takes them.
     */
    static double[] bareEpochs(ModelArchitecture architecture, int images, ImageSet faces, int epochs) {
        bareLoop(architecture, 0);
        Random random = new Random(11);
        double[] speed = new double[epochs];
        try (Model model = Model.newInstance("bare-epoch"); Trainer trainer = bareTrainer(model, architecture)) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                int[] order = faces == null ? null : shuffled(faces.count(), random);
                long timed = 0;
                for (int done = 0; done < images; done += BATCH) {
                    int n = Math.min(BATCH, images - done);
                    NDArray[] batch = faces == null ? randomBatch(trainer, architecture, n)
                            : facesBatch(trainer, architecture, faces, order, done, n);
                    long start = System.nanoTime();
                    step(trainer, batch[0], batch[1]);
                    timed += System.nanoTime() - start;
                }
                speed[epoch] = images / (timed / 1e9);
            }
        }
        return speed;
    }

    /**
     * A new network in {@code model} and its trainer, initialised: the study's recipe, whose accuracy evaluator stays
     * idle, since nothing in a bare loop reports to listeners.
     */
    private static Trainer bareTrainer(Model model, ModelArchitecture architecture) {
        model.setBlock(ModelFactory.build(architecture, CLASSES));
        Trainer trainer = model.newTrainer(TrainingRecipe.config(1e-3));
        trainer.initialize(ModelFactory.inputShape(1, ModelFactory.inputChannels(architecture), SIZE));
        return trainer;
    }

    /** Images {@code from} to {@code from + n} of {@code order} (modulo its length), scaled to [0, 1]. */
    private static NDArray[] facesBatch(Trainer trainer, ModelArchitecture architecture, ImageSet faces, int[] order,
            int from, int n) {
        int size = faces.imageBytes();
        float[] pixels = new float[n * size];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int index = order[(from + i) % order.length];
            labels[i] = faces.label(index);
            for (int j = 0; j < size; j++) {
                pixels[i * size + j] = (faces.pixels()[index * size + j] & 0xFF) / 255f;
            }
        }
        NDManager m = trainer.getManager();
        // Copied into the engine's memory, as the trainer's ImageSetDataset does, so that only the data differs
        // from the random batches.
        NDArray x;
        try (NDArray wrapped = m.create(pixels, new Shape(n, 1, faces.height(), faces.width()))) {
            x = wrapped.duplicate();
        }
        int channels = ModelFactory.inputChannels(architecture);
        if (channels > 1) {
            NDArray gray = x;
            x = gray.repeat(1, channels);
            gray.close();
        }
        return new NDArray[] {x, m.create(labels, new Shape(n))};
    }

    /** 0 to {@code n - 1} in the order {@code random} shuffles them. */
    private static int[] shuffled(int n, Random random) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code n} random images and labels in the trainer's manager. */
    private static NDArray[] randomBatch(Trainer trainer, ModelArchitecture architecture, int n) {
        NDManager m = trainer.getManager();
        return new NDArray[] {m.randomUniform(0, 1, new Shape(n, ModelFactory.inputChannels(architecture), SIZE, SIZE)),
                m.randomInteger(0, CLASSES, new Shape(n), DataType.INT32).toType(DataType.FLOAT32, false)};
    }

    /**
     * One step in a manager of its own, as any DJL loop needs: results land in their inputs' manager, and the
     * loss's intermediates would otherwise keep every step's autograd graph alive until the end.
     */
    private static void step(Trainer trainer, NDArray x, NDArray y) {
        try (NDManager step = trainer.getManager().newSubManager()) {
            x.tempAttach(step);
            y.tempAttach(step);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x));
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), prediction);
                collector.backward(loss);
                // Reading the loss waits for the step to finish, as the pipeline's loss listener does.
                loss.getFloat();
            }
            trainer.step();
        }
    }

    private static ImageSet randomImages(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * SIZE * SIZE];
        random.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(CLASSES);
        }
        return new ImageSet(pixels, labels, count, SIZE, SIZE, 1);
    }
}
