package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.image.BatchDecoder;
import dev.ferlab.preprocess.image.OpenCv;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class BatchDecoderTest {

    @Test
    void decodesAcrossBatchesInInputOrderAndLeavesOutWhatIsNotAnImage() throws Exception {
        OpenCv.load();
        List<LabeledImage> out = new ArrayList<>();
        int count = 1300; // two full batches and a part
        try (BatchDecoder decoder = new BatchDecoder(4, out)) {
            for (int i = 0; i < count; i++) {
                if (i == 700) {
                    decoder.add(EmotionLabel.FEAR, "broken", new byte[] {1, 2, 3});
                }
                Mat m = new Mat(10, 10, CvType.CV_8UC1, new Scalar(i % 256));
                MatOfByte png = new MatOfByte();
                Imgcodecs.imencode(".png", m, png);
                decoder.add(i % 2 == 0 ? EmotionLabel.ANGER : EmotionLabel.SURPRISE, "image-" + i, png.toArray());
                m.release();
            }
            decoder.flush();
        }
        assertEquals(count, out.size(), "the undecodable entry is left out, nothing else");
        for (int i = 0; i < count; i++) {
            LabeledImage image = out.get(i);
            assertEquals("image-" + i, image.name());
            assertEquals(i % 2 == 0 ? EmotionLabel.ANGER : EmotionLabel.SURPRISE, image.label());
            assertEquals(16, image.pixels().length);
            assertEquals(i % 256, image.pixels()[5] & 0xFF, "image " + i + " decoded to its own pixels");
        }
    }

    /**
     * Reading goes on while a full batch decodes (the add that fills a batch returns before it is decoded), and at
     * most one batch is in flight (the add that fills the next one waits for it).
     */
    @Test
    void readsTheNextBatchWhileOneDecodesAndKeepsAtMostOneInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<LabeledImage> out = Collections.synchronizedList(new ArrayList<>());
        Function<byte[], byte[]> held = bytes -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return bytes;
        };
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (BatchDecoder decoder = new BatchDecoder(out, held)) {
            Future<?> firstBatch = reader.submit(() -> add(decoder, 0, 512));
            firstBatch.get(30, TimeUnit.SECONDS); // returned although its batch cannot be decoded yet
            assertEquals(0, out.size());
            Future<?> secondBatch = reader.submit(() -> add(decoder, 512, 512));
            assertThrows(TimeoutException.class, () -> secondBatch.get(300, TimeUnit.MILLISECONDS),
                    "a second batch waits for the first to be decoded");
            release.countDown();
            secondBatch.get(30, TimeUnit.SECONDS);
            decoder.flush();
        } finally {
            reader.shutdownNow();
        }
        assertEquals(1024, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals("image-" + i, out.get(i).name());
        }
    }

    @Test
    void aDecoderFailureIsAnIoError() {
        List<LabeledImage> out = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> {
            try (BatchDecoder decoder = new BatchDecoder(out, bytes -> {
                throw new IllegalStateException("native decoder crashed");
            })) {
                add(decoder, 0, 3);
                decoder.flush();
            }
        });
        assertTrue(e.getMessage().contains("native decoder crashed"), e.getMessage());
    }

    private static Void add(BatchDecoder decoder, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            decoder.add(EmotionLabel.HAPPINESS, "image-" + i, new byte[] {(byte) i});
        }
        return null;
    }
}
