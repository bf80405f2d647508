package dev.ferlab.preprocess.benchmark;

import dev.ferlab.common.datasets.ImageArchive;
import dev.ferlab.common.labels.LabelVocabulary;
import dev.ferlab.common.spec.PreprocessingSpec;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.image.BatchDecoder;
import dev.ferlab.preprocess.image.ClaheStage;
import dev.ferlab.preprocess.image.OpenCv;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * The baseline of {@code ./ferlab bench scale}'s preprocessing figures: what a user would write with OpenCV alone,
 * one loop on one thread over a zip's images: read each entry, decode it to grayscale and resize it, then the same
 * with CLAHE (the study's clip limit and tile grid). The zip is read inside the clock, as the preprocessor reads
 * the stored zip inside its loading step; a warm-up on the first 500 images first, as the bench warms the
 * preprocessor with a small experiment. Prints one {@code bare ...} line per loop, best of the rounds, for the
 * script to read.
 *
 * <p>Beside them, in the same rounds, the preprocessor's own loading step without the service around it: the zip as
 * the gateway stores it (canonical class folders, written once before the clock) read as a stream by
 * {@link ImageArchive#read} and decoded on every core by {@link BatchDecoder}, from a local file instead of the
 * object store, then its CLAHE step ({@link ClaheStage}) on every core. Its {@code load ...} lines tell the code's
 * cost from the deployment's (the object store's stream, the stack sharing the cores).
 *
 * <pre>BareOpenCv ZIP [SIZE] [ROUNDS]</pre>
 */
public final class BareOpenCv {
    private BareOpenCv() {
    }

    public static void main(String[] args) throws Exception {
        OpenCv.load();
        int size = args.length > 1 ? Integer.parseInt(args[1]) : PreprocessingSpec.DEFAULT_IMAGE_SIZE;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path zip = Path.of(args[0]);
        CLAHE clahe = Imgproc.createCLAHE(PreprocessingSpec.DEFAULT_CLAHE_CLIP_LIMIT,
                new Size(PreprocessingSpec.DEFAULT_CLAHE_TILE_GRID, PreprocessingSpec.DEFAULT_CLAHE_TILE_GRID));
        Path stored = Files.createTempFile("ferlab-bench-stored", ".zip");
        try {
            store(zip, stored);
            loop(zip, size, clahe, 500); // warm-up: native code paths and the JIT
            preprocessorLoad(stored, size, true);
            Loop plain = null;
            Loop withClahe = null;
            Loop load = null;
            Loop loadClahe = null;
            for (int r = 0; r < rounds; r++) {
                plain = best(plain, loop(zip, size, null, Integer.MAX_VALUE));
                load = best(load, preprocessorLoad(stored, size, false));
                withClahe = best(withClahe, loop(zip, size, clahe, Integer.MAX_VALUE));
                loadClahe = best(loadClahe, preprocessorLoad(stored, size, true));
            }
            System.out.printf("bare decode+resize %d %.3f%n", plain.images(), plain.seconds());
            System.out.printf("bare decode+resize+clahe %d %.3f%n", withClahe.images(), withClahe.seconds());
            System.out.printf("load decode+resize %d %.3f%n", load.images(), load.seconds());
            System.out.printf("load decode+resize+clahe %d %.3f%n", loadClahe.images(), loadClahe.seconds());
        } finally {
            Files.deleteIfExists(stored);
        }
    }

    private record Loop(int images, double seconds) {
    }

    private static Loop best(Loop a, Loop b) {
        return a == null || b.seconds() < a.seconds() ? b : a;
    }

    /** The zip as the gateway stores an import of it: each image under its canonical class folder. */
    private static void store(Path zipFile, Path stored) throws IOException {
        try (ZipFile zip = new ZipFile(zipFile.toFile()); OutputStream out = Files.newOutputStream(stored);
                ImageArchive.Writer writer = new ImageArchive.Writer(out)) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String[] path = entry.getName().split("/");
                if (entry.isDirectory() || path.length < 2) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    writer.add(LabelVocabulary.canonicalFor(path[path.length - 2]).orElseThrow(),
                            path[path.length - 1], in.readAllBytes());
                }
            }
        }
    }

    /**
     * The preprocessor's loading step on the stored zip, read from a local file, then (with {@code clahe}) its CLAHE
     * step on every core, as the service runs them: every image, timed.
     */
    private static Loop preprocessorLoad(Path stored, int size, boolean clahe) throws IOException {
        long start = System.nanoTime();
        List<LabeledImage> images = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(stored), 1 << 16);
                BatchDecoder decoder = new BatchDecoder(size, images)) {
            ImageArchive.read(in, decoder::add);
            decoder.flush();
        }
        if (clahe) {
            images = ClaheStage.apply(images, PreprocessingSpec.DEFAULT_CLAHE_CLIP_LIMIT,
                    PreprocessingSpec.DEFAULT_CLAHE_TILE_GRID, size, Runtime.getRuntime().availableProcessors());
        }
        return new Loop(images.size(), (System.nanoTime() - start) / 1e9);
    }

    /** The first {@code count} images of the zip, read, decoded and resized (and equalised), timed. */
    private static Loop loop(Path zipFile, int size, CLAHE clahe, int count) throws IOException {
        long start = System.nanoTime();
        long checksum = 0;
        int images = 0;
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements() && images < count; ) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] encoded;
                try (InputStream in = zip.getInputStream(entry)) {
                    encoded = in.readAllBytes();
                }
                Mat gray = Imgcodecs.imdecode(new MatOfByte(encoded), Imgcodecs.IMREAD_GRAYSCALE);
                Mat out = new Mat();
                Imgproc.resize(gray, out, new Size(size, size), 0, 0,
                        gray.rows() > size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
                if (clahe != null) {
                    clahe.apply(out, out);
                }
                byte[] pixels = new byte[size * size];
                out.get(0, 0, pixels);
                checksum += pixels[pixels.length / 2];
                gray.release();
                out.release();
                images++;
            }
        }
        if (checksum == Long.MIN_VALUE) {
            System.out.println(); // keeps the pixels read, so the loop cannot be optimised away
        }
        return new Loop(images, (System.nanoTime() - start) / 1e9);
    }
}
