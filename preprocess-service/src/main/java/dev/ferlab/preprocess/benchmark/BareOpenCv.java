package dev.ferlab.preprocess.benchmark;

import dev.ferlab.common.spec.PreprocessingSpec;
import dev.ferlab.preprocess.image.OpenCv;
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
 * one loop on one thread over a zip's images already read into memory: decode to grayscale and resize, then the
 * same with CLAHE (the study's clip limit and tile grid). Prints one {@code bare ...} line per loop, best of the
 * rounds, for the script to read.
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
        List<byte[]> encoded = new ArrayList<>();
        try (ZipFile zip = new ZipFile(Path.of(args[0]).toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory()) {
                    encoded.add(zip.getInputStream(entry).readAllBytes());
                }
            }
        }
        CLAHE clahe = Imgproc.createCLAHE(PreprocessingSpec.DEFAULT_CLAHE_CLIP_LIMIT,
                new Size(PreprocessingSpec.DEFAULT_CLAHE_TILE_GRID, PreprocessingSpec.DEFAULT_CLAHE_TILE_GRID));
        loop(encoded, size, clahe, 500); // warm-up: native code paths and the JIT
        double plain = Double.MAX_VALUE;
        double withClahe = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            plain = Math.min(plain, loop(encoded, size, null, encoded.size()));
            withClahe = Math.min(withClahe, loop(encoded, size, clahe, encoded.size()));
        }
        System.out.printf("bare decode+resize %d %.3f%n", encoded.size(), plain);
        System.out.printf("bare decode+resize+clahe %d %.3f%n", encoded.size(), withClahe);
    }

    /** @return seconds for the first {@code count} images */
    private static double loop(List<byte[]> encoded, int size, CLAHE clahe, int count) {
        long start = System.nanoTime();
        long checksum = 0;
        for (int i = 0; i < Math.min(count, encoded.size()); i++) {
            Mat gray = Imgcodecs.imdecode(new MatOfByte(encoded.get(i)), Imgcodecs.IMREAD_GRAYSCALE);
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
        }
        if (checksum == Long.MIN_VALUE) {
            System.out.println(); // keeps the pixels read, so the loop cannot be optimised away
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
