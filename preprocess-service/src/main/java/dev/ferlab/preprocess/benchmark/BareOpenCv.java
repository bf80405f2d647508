package dev.ferlab.preprocess.benchmark;

import dev.ferlab.common.spec.PreprocessingSpec;
import dev.ferlab.preprocess.image.OpenCv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
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
        loop(zip, size, clahe, 500); // warm-up: native code paths and the JIT
        Loop plain = null;
        Loop withClahe = null;
        for (int r = 0; r < rounds; r++) {
            plain = best(plain, loop(zip, size, null, Integer.MAX_VALUE));
            withClahe = best(withClahe, loop(zip, size, clahe, Integer.MAX_VALUE));
        }
        System.out.printf("bare decode+resize %d %.3f%n", plain.images(), plain.seconds());
        System.out.printf("bare decode+resize+clahe %d %.3f%n", withClahe.images(), withClahe.seconds());
    }

    private record Loop(int images, double seconds) {
    }

    private static Loop best(Loop a, Loop b) {
        return a == null || b.seconds() < a.seconds() ? b : a;
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
