package dev.ferlab.preprocess.benchmark;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.synthetic.SyntheticFaces;
import dev.ferlab.preprocess.balance.Smote;
import dev.ferlab.preprocess.dataset.ImageFolderSource;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.image.ClaheStage;
import dev.ferlab.preprocess.image.OpenCv;
import java.awt.image.DataBufferByte;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * Prints the preprocessing figures of the docs. CLAHE: the preprocessor's stage (byte arrays in and out, as the
 * pipeline holds images) against a bare OpenCV loop over ready-made Mats, on the same CK+48 images upscaled to
 * 96x96, interleaved rounds, best round of each, at one thread and at all cores (OpenCV's own threading off in
 * both, so the threads are the ones counted). SMOTE: wall time and peak heap for 1,000, 5,000 and 20,000 images.
 *
 * <pre>./ferlab bench preprocess [DATASET_DIR]</pre>
 */
public final class PreprocessBenchmark {
    private static final int SIZE = 96;
    private static final int ROUNDS = 5;
    /** FER-2013's training-set class shares (angry, disgust, fear, happy, neutral, sad, surprise). */
    private static final double[] FER_SHARES = {0.139, 0.015, 0.143, 0.251, 0.173, 0.168, 0.111};

    private PreprocessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args.length > 0 ? args[0] : "../shared/datasets/ck48");
        OpenCv.load();
        Core.setNumThreads(1);
        int cores = Runtime.getRuntime().availableProcessors();
        List<LabeledImage> images = new ImageFolderSource(dataset).load(SIZE);
        int passes = Math.max(1, 20_000 / images.size());
        System.out.printf("CLAHE on %s: %d images at %dx%d, %d passes a round, best of %d rounds, %d cores%n",
                dataset, images.size(), SIZE, SIZE, passes, ROUNDS, cores);
        for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            double bare = 0;
            double stage = 0;
            for (int round = 0; round < ROUNDS; round++) {
                bare = Math.max(bare, bareOpenCv(images, passes, threads));
                stage = Math.max(stage, stage(images, passes, threads));
            }
            System.out.printf("  %d thread(s): bare OpenCV loop %,.0f images/s, ferlab CLAHE stage %,.0f images/s,"
                    + " ratio %.3f (%,.0f images/s per thread)%n", threads, bare, stage, stage / bare,
                    stage / threads);
        }
        System.out.printf("SMOTE (k=5, %d threads, classes in FER-2013's proportions), max heap %d MiB%n", cores,
                Runtime.getRuntime().maxMemory() >> 20);
        for (int n : new int[] {1_000, 5_000, 20_000}) {
            smote(n, cores);
        }
    }

    private static double stage(List<LabeledImage> images, int passes, int threads) {
        long start = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            ClaheStage.apply(images, 2.0, 8, SIZE, threads);
        }
        return images.size() * (double) passes / ((System.nanoTime() - start) / 1e9);
    }

    /** The loop a user would write with OpenCV alone: Mats made once, one CLAHE object per thread. */
    private static double bareOpenCv(List<LabeledImage> images, int passes, int threads) throws Exception {
        Mat[] mats = new Mat[images.size()];
        for (int i = 0; i < mats.length; i++) {
            mats[i] = new Mat(SIZE, SIZE, CvType.CV_8UC1);
            mats[i].put(0, 0, images.get(i).pixels());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            for (int p = 0; p < passes; p++) {
                List<Future<?>> parts = new ArrayList<>();
                int chunk = (mats.length + threads - 1) / threads;
                for (int from = 0; from < mats.length; from += chunk) {
                    int f = from;
                    int to = Math.min(mats.length, from + chunk);
                    parts.add(pool.submit(() -> {
                        CLAHE clahe = Imgproc.createCLAHE(2.0, new Size(8, 8));
                        Mat out = new Mat();
                        for (int i = f; i < to; i++) {
                            clahe.apply(mats[i], out);
                        }
                        out.release();
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            }
            return mats.length * (double) passes / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
            Arrays.stream(mats).forEach(Mat::release);
        }
    }

    private static void smote(int n, int threads) {
        EmotionLabel[] labels = {EmotionLabel.ANGER, EmotionLabel.DISGUST, EmotionLabel.FEAR, EmotionLabel.HAPPINESS,
            EmotionLabel.NEUTRAL, EmotionLabel.SADNESS, EmotionLabel.SURPRISE};
        List<LabeledImage> images = new ArrayList<>(n);
        for (int c = 0; c < labels.length; c++) {
            int count = (int) Math.round(n * FER_SHARES[c]);
            for (int i = 0; i < count; i++) {
                byte[] px = ((DataBufferByte) SyntheticFaces.render(labels[c], i, 7).getRaster().getDataBuffer())
                        .getData();
                images.add(new LabeledImage(labels[c], labels[c].canonical() + i, px));
            }
        }
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        List<LabeledImage> out = Smote.oversample(images, 5, 42, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("  %,6d images -> %,6d after SMOTE: %6.1f s, peak heap %,5d MiB (input %,4d MiB, heap in"
                + " use before %,5d MiB)%n", images.size(), out.size(), seconds, peak >> 20,
                ((long) images.size() * SIZE * SIZE) >> 20, before >> 20);
    }
}
