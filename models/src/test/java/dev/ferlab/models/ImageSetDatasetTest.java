package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.ferlab.common.shards.ImageSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resume arithmetic: a run stopped inside an epoch sees the same batches afterwards as one never stopped. */
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
