package dev.ferlab.preprocess.image;

import dev.ferlab.preprocess.dataset.LabeledImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies CLAHE to every image, in contiguous chunks on {@code threads} threads, each with its own filter. OpenCV's
 * own threading is left as configured; the benchmark compares both at one thread and at all cores.
 */
public final class ClaheStage {
    private ClaheStage() {
    }

    public static List<LabeledImage> apply(List<LabeledImage> images, double clipLimit, int tileGrid, int size,
            int threads) {
        byte[][] out = new byte[images.size()][];
        int workers = Math.max(1, Math.min(threads, images.size()));
        if (workers == 1) {
            run(images, out, 0, images.size(), clipLimit, tileGrid, size);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<?>> parts = new ArrayList<>();
                int chunk = (images.size() + workers - 1) / workers;
                for (int from = 0; from < images.size(); from += chunk) {
                    int f = from;
                    int to = Math.min(images.size(), from + chunk);
                    parts.add(pool.submit(() -> run(images, out, f, to, clipLimit, tileGrid, size)));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("CLAHE interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("CLAHE failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        List<LabeledImage> result = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            LabeledImage in = images.get(i);
            result.add(new LabeledImage(in.label(), in.name(), out[i], in.presetSplit()));
        }
        return result;
    }

    private static void run(List<LabeledImage> images, byte[][] out, int from, int to, double clipLimit,
            int tileGrid, int size) {
        try (ClaheFilter filter = new ClaheFilter(clipLimit, tileGrid, size)) {
            for (int i = from; i < to; i++) {
                out[i] = filter.apply(images.get(i).pixels());
            }
        }
    }
}
