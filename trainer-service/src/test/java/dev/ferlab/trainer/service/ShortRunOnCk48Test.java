package dev.ferlab.trainer.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.Trainer;
import dev.ferlab.common.shards.ImageSet;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ImageSetDataset;
import dev.ferlab.models.ModelFactory;
import dev.ferlab.models.Predictions;
import dev.ferlab.models.TrainingLoop;
import dev.ferlab.models.TrainingRecipe;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each model learns something real from a short run on CK+48: trained from scratch with the study's recipe on a
 * stratified 80% of the faces, it beats the majority-class baseline on the other 20%. CK+48's native 48x48 keeps
 * the CPU time of the large networks within a test's budget; the pipeline feeds them 96x96 by default.
 */
class ShortRunOnCk48Test {
    private static final int SIZE = 48;
    private static ImageSet train;
    private static ImageSet test;
    private static double majority;

    @BeforeAll
    static void loadCk48() throws IOException {
        Path root = Path.of(System.getProperty("ferlab.datasets", "../../shared/datasets")).resolve("ck48");
        assertTrue(Files.isDirectory(root), "test dataset missing: " + root + " (set -Dferlab.datasets)");
        List<Path> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        }
        List<byte[]> trainPixels = new ArrayList<>();
        List<byte[]> testPixels = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        List<Integer> testLabels = new ArrayList<>();
        int[] testCounts = new int[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(classes.get(c))) {
                files = new ArrayList<>(s.sorted().toList());
            }
            Collections.shuffle(files, new Random(c));
            int testShare = Math.round(files.size() * 0.2f);
            for (int i = 0; i < files.size(); i++) {
                boolean isTest = i < testShare;
                (isTest ? testPixels : trainPixels).add(gray(files.get(i)));
                (isTest ? testLabels : trainLabels).add(c);
            }
            testCounts[c] = testShare;
        }
        train = imageSet(trainPixels, trainLabels);
        test = imageSet(testPixels, testLabels);
        int most = 0;
        for (int n : testCounts) {
            most = Math.max(most, n);
        }
        majority = most / (double) test.count();
    }

    @ParameterizedTest(name = "{0}: {1} epochs at learning rate {2}")
    @CsvSource({"small-cnn, 3, 0.001", "mobilenetv3-large, 4, 0.001", "resnet50, 3, 0.001", "vgg16, 3, 0.0001"})
    void aShortRunBeatsTheMajorityBaseline(String id, int epochs, double learningRate) throws Exception {
        double accuracy = run(id, epochs, learningRate, 3);
        assertTrue(accuracy > majority, id + " test accuracy " + accuracy + " <= majority " + majority);
    }

    /** Test accuracy after a short run, through the trainer's own loop (a non-finite batch left out). */
    private static double run(String id, int epochs, double learningRate, int seed) throws Exception {
        ModelArchitecture architecture = ModelArchitecture.fromId(id);
        int channels = ModelFactory.inputChannels(architecture);
        Engines.preferOffline();
        Engine.getInstance().setRandomSeed(seed);
        long start = System.nanoTime();
        try (Model model = Model.newInstance(id)) {
            model.setBlock(ModelFactory.build(architecture, 7));
            try (Trainer trainer = model.newTrainer(TrainingRecipe.config(learningRate))) {
                trainer.initialize(ModelFactory.inputShape(1, channels, SIZE));
                new TrainingLoop(id).fit(trainer, epochs, new ImageSetDataset(train, 32, true, seed, 0, channels), null);
            }
            int[] predicted = Predictions.predict(model, test, 64, channels, null).predicted();
            int right = 0;
            for (int i = 0; i < predicted.length; i++) {
                right += predicted[i] == test.label(i) ? 1 : 0;
            }
            double accuracy = right / (double) test.count();
            System.out.printf("%s: test accuracy %.3f after %d epochs (%.0f s), seed %d, majority baseline %.3f%n", id,
                    accuracy, epochs, (System.nanoTime() - start) / 1e9, seed, majority);
            return accuracy;
        }
    }

    private static byte[] gray(Path file) throws IOException {
        BufferedImage src = ImageIO.read(file.toFile());
        BufferedImage g = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        g.getGraphics().drawImage(src, 0, 0, SIZE, SIZE, null);
        return ((DataBufferByte) g.getRaster().getDataBuffer()).getData();
    }

    private static ImageSet imageSet(List<byte[]> pixels, List<Integer> labels) {
        byte[] px = new byte[pixels.size() * SIZE * SIZE];
        byte[] lb = new byte[labels.size()];
        for (int i = 0; i < pixels.size(); i++) {
            System.arraycopy(pixels.get(i), 0, px, i * SIZE * SIZE, SIZE * SIZE);
            lb[i] = labels.get(i).byteValue();
        }
        return new ImageSet(px, lb, pixels.size(), SIZE, SIZE, 1);
    }
}
