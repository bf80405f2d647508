package dev.ferlab.trainer.benchmark;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.ferlab.common.shards.ImageSet;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ModelFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The baselines of {@code ./ferlab bench scale}'s training and evaluation figures, what a user would write with
 * DJL alone, on random tensors at the size {@code -Dferlab.bench.size} (96): one epoch of a new model over as many
 * images as the trainer's epoch had ({@link TrainingBenchmark#bareEpoch}, batch 32), and a bare inference loop
 * (batch 64, as the evaluator scores: forward, log-softmax, the scores read back). Prints {@code bare epoch MODEL
 * IMAGES IMAGES_PER_SECOND} for each {@code MODEL:IMAGES} and {@code bare infer MODEL IMAGES_PER_SECOND} for each
 * model, for the script to read; {@code -Dferlab.bench.repeats} rounds of all of them in turn (1), since one epoch's
 * speed moves by up to half between runs on a shared two-core machine and only several samples give a median.
 * <p>With {@code -Dferlab.bench.faces=ZIP} (a zip of class folders) it compares data instead: for each
 * {@code MODEL:IMAGES}, {@code -Dferlab.bench.epochs} (3) epochs of one new model on random tensors, then as many of
 * another on the zip's faces, decoded, resized and made gray by DJL's own image classes before any clock starts,
 * printed as {@code bare random-epochs MODEL IMAGES IPS...} and {@code bare faces-epochs MODEL IMAGES IPS...}: what
 * the random tensors of the baseline leave out, against a trainer whose figure is the median of three epochs.
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
        String facesZip = System.getProperty("ferlab.bench.faces");
        int faceEpochs = Integer.getInteger("ferlab.bench.epochs", 3);
        int most = 0;
        for (String arg : args) {
            most = Math.max(most, Integer.parseInt(arg.substring(arg.indexOf(':') + 1)));
        }
        ImageSet faces = facesZip == null ? null : faces(Path.of(facesZip), size, most);
        for (int round = 0; round < repeats; round++) {
            java.util.Set<String> inferred = new java.util.LinkedHashSet<>();
            for (String arg : args) {
                String id = arg.substring(0, arg.indexOf(':'));
                int images = Integer.parseInt(arg.substring(arg.indexOf(':') + 1));
                ModelArchitecture architecture = ModelArchitecture.fromId(id);
                if (faces != null) {
                    System.out.printf("bare random-epochs %s %d%s%n", id, images, speeds(
                            TrainingBenchmark.bareEpochs(architecture, images, null, faceEpochs)));
                    System.out.printf("bare faces-epochs %s %d%s%n", id, images, speeds(
                            TrainingBenchmark.bareEpochs(architecture, images, faces, faceEpochs)));
                    continue;
                }
                System.out.printf("bare epoch %s %d %.2f%n", id, images, TrainingBenchmark.bareEpoch(architecture,
                        images));
                if (inferred.add(id)) {
                    System.out.printf("bare infer %s %.2f%n", id, inference(architecture, size, batches));
                }
            }
        }
    }

    private static String speeds(double[] speeds) {
        StringBuilder line = new StringBuilder();
        for (double s : speeds) {
            line.append(String.format(" %.2f", s));
        }
        return line.toString();
    }

    /**
     * Up to {@code most} faces of a zip of class folders (the folders in name order are the labels), a fixed
     * shuffle of its entries, each decoded, resized to {@code size} and made gray by DJL's {@link ImageFactory}.
     */
    static ImageSet faces(Path zip, int size, int most) throws IOException {
        ImageFactory factory = ImageFactory.getInstance();
        try (ZipFile file = new ZipFile(zip.toFile()); NDManager manager = NDManager.newBaseManager()) {
            List<ZipEntry> entries = new ArrayList<>(file.stream().filter(e -> !e.isDirectory()
                    && e.getName().indexOf('/') > 0).sorted(Comparator.comparing(ZipEntry::getName)).toList());
            List<String> classes = entries.stream().map(BareDjl::folder).distinct().toList();
            Collections.shuffle(entries, new Random(7));
            int count = Math.min(most, entries.size());
            byte[] pixels = new byte[count * size * size];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                ZipEntry entry = entries.get(i);
                try (InputStream in = file.getInputStream(entry);
                        NDArray gray = factory.fromInputStream(in).resize(size, size, false)
                                .toNDArray(manager, Image.Flag.GRAYSCALE)) {
                    System.arraycopy(gray.toByteArray(), 0, pixels, i * size * size, size * size);
                }
                labels[i] = (byte) classes.indexOf(folder(entry));
            }
            return new ImageSet(pixels, labels, count, size, size, 1);
        }
    }

    /** The class folder an entry is in. */
    private static String folder(ZipEntry entry) {
        return entry.getName().substring(0, entry.getName().indexOf('/'));
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
