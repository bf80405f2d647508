package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.ferlab.common.models.Normalization;
import dev.ferlab.common.shards.ImageSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resume arithmetic (a run stopped inside an epoch sees the same batches afterwards as one never stopped), the
 * normalization, and batches that stay intact while the next one is staged.
 */
class ImageSetDatasetTest {
    private static final ImageSet IMAGES = images(10);

    @Test
    void aResumedPassServesTheBatchesTheStoppedPassDidNotReach() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<List<Long>> whole = passes(new ImageSetDataset(IMAGES, 3, true, 5, 0, 1), manager, 3);

            ImageSetDataset stopped = new ImageSetDataset(IMAGES, 3, true, 5, 0, 1);
            passes(stopped, manager, 1);
            int[] served = {0};
            stopped.beforeEachBatch(() -> {
                if (served[0]++ == 2) {
                    throw new IllegalStateException("stop");
                }
            });
            List<Long> partial = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> {
                for (Batch b : stopped.getData(manager)) {
                    b.getIndices().forEach(i -> partial.add(((Number) i).longValue()));
                    b.close();
                }
            });
            assertEquals(2, stopped.position(), "two batches of the second pass were handed out");

            ImageSetDataset resumed = new ImageSetDataset(IMAGES, 3, true, 5, 0, 1).startAtPass(1)
                    .skipInNextPass(stopped.position());
            List<List<Long>> rest = passes(resumed, manager, 2);
            List<Long> secondPass = new ArrayList<>(partial);
            secondPass.addAll(rest.get(0));
            assertEquals(whole.get(1), secondPass, "the second pass, split by the stop, is whole again");
            assertEquals(whole.get(2), rest.get(1), "the pass after it is whole and in the same order");
        }
    }

    @Test
    void pretrainedWeightsGetTheirNormalizationPerChannelAfterTheGrayIsRepeated() {
        byte[] pixels = {0, (byte) 255, 51, (byte) 204};
        ImageSet one = new ImageSet(pixels, new byte[] {0}, 1, 2, 2, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageSetDataset plain = new ImageSetDataset(one, 1, false, 0, 0, 3);
            ImageSetDataset imagenet = new ImageSetDataset(one, 1, false, 0, 0, 3).normalized(Normalization.IMAGENET);
            float[] scaled = first(plain, manager);
            float[] normalized = first(imagenet, manager);
            assertArrayEquals(new float[] {0, 1, 0.2f, 0.8f, 0, 1, 0.2f, 0.8f, 0, 1, 0.2f, 0.8f}, scaled, 1e-6f,
                    "without: [0, 1], the gray channel three times");
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 4; i++) {
                    float want = (scaled[c * 4 + i] - Normalization.IMAGENET.mean().get(c))
                            / Normalization.IMAGENET.std().get(c);
                    assertEquals(want, normalized[c * 4 + i], 1e-5f, "channel " + c + ", pixel " + i);
                }
            }
            assertThrows(IllegalArgumentException.class,
                    () -> new ImageSetDataset(one, 1, false, 0, 0, 1).normalized(Normalization.IMAGENET),
                    "three channels' normalization on a one-channel network");
        }
    }

    @Test
    void aBatchKeepsItsPixelsAndLabelsWhileTheNextIsMade() {
        // The batches are staged in one reused buffer: each must be a copy, not a view of it.
        try (NDManager manager = NDManager.newBaseManager()) {
            Iterator<Batch> batches = new ImageSetDataset(IMAGES, 3, false, 0, 0, 1).getData(manager).iterator();
            Batch first = batches.next();
            Batch second = batches.next();
            assertArrayEquals(new float[] {0, 1 / 255f, 2 / 255f}, firstPixels(first), 1e-7f, "batch 1's images");
            assertArrayEquals(new float[] {0, 1, 0}, first.getLabels().singletonOrThrow().toFloatArray(), "its labels");
            assertArrayEquals(new float[] {3 / 255f, 4 / 255f, 5 / 255f}, firstPixels(second), 1e-7f, "batch 2's");
            assertArrayEquals(new float[] {1, 0, 1}, second.getLabels().singletonOrThrow().toFloatArray());
            first.close();
            second.close();
        }
    }

    /** The first pixel of each image in the batch. */
    private static float[] firstPixels(Batch batch) {
        float[] all = batch.getData().singletonOrThrow().toFloatArray();
        float[] firsts = new float[all.length / 4];
        for (int i = 0; i < firsts.length; i++) {
            firsts[i] = all[i * 4];
        }
        return firsts;
    }

    private static float[] first(ImageSetDataset data, NDManager manager) {
        for (Batch b : data.getData(manager)) {
            try (b) {
                return b.getData().singletonOrThrow().toFloatArray();
            }
        }
        throw new IllegalStateException("no batch");
    }

    private static List<List<Long>> passes(ImageSetDataset data, NDManager manager, int passes) {
        List<List<Long>> out = new ArrayList<>();
        for (int p = 0; p < passes; p++) {
            List<Long> order = new ArrayList<>();
            for (Batch b : data.getData(manager)) {
                b.getIndices().forEach(i -> order.add(((Number) i).longValue()));
                b.close();
            }
            out.add(order);
        }
        return out;
    }

    private static ImageSet images(int n) {
        byte[] pixels = new byte[n * 4];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 4] = (byte) i;
            labels[i] = (byte) (i % 2);
        }
        return new ImageSet(pixels, labels, n, 2, 2, 1);
    }
}
