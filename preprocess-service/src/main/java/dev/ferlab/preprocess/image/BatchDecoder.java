package dev.ferlab.preprocess.image;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Decodes a stream of encoded images on every core while it is read, and keeps their order: entries are gathered in
 * batches, and each full batch is decoded in parallel on a thread of its own while the caller goes on reading the
 * next (reading is one thread's work, and without the overlap every core but one idled through it). At most one
 * batch is in flight: the next waits for it, so batches append to the output one after another, in input order,
 * and memory stays two batches of encoded bytes beyond the decoded images. The order, and so the shard set, does not
 * depend on the thread count or on timing.
 */
public final class BatchDecoder implements AutoCloseable {
    private static final int BATCH = 512;
    private final Function<byte[], byte[]> decoder;
    private final List<LabeledImage> out;
    private final ExecutorService decoding = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "batch-decoder");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    private Batch gathering = new Batch();

    /** @param out where decoded images are appended; undecodable ones are left out */
    public BatchDecoder(int size, List<LabeledImage> out) {
        this(out, encoded -> GrayImages.decode(encoded, size));
    }

    /** @param decoder one image's gray pixels, or null to leave it out; called on several threads at once */
    public BatchDecoder(List<LabeledImage> out, Function<byte[], byte[]> decoder) {
        this.decoder = decoder;
        this.out = out;
    }

    private static final class Batch {
        final List<EmotionLabel> labels = new ArrayList<>(BATCH);
        final List<String> names = new ArrayList<>(BATCH);
        final List<byte[]> encoded = new ArrayList<>(BATCH);
    }

    public void add(EmotionLabel label, String name, byte[] bytes) throws IOException {
        gathering.labels.add(label);
        gathering.names.add(name);
        gathering.encoded.add(bytes);
        if (gathering.encoded.size() == BATCH) {
            submit();
        }
    }

    /** Decodes what is gathered and waits for every batch; call once after the last {@link #add}. */
    public void flush() throws IOException {
        submit();
        await();
    }

    private void submit() throws IOException {
        await();
        Batch batch = gathering;
        gathering = new Batch();
        inFlight = CompletableFuture.runAsync(() -> decode(batch), decoding);
    }

    private void await() throws IOException {
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decoding images");
        } catch (ExecutionException e) {
            throw new IOException("decoding images failed: " + e.getCause(), e.getCause());
        }
    }

    private void decode(Batch batch) {
        byte[][] gray = new byte[batch.encoded.size()][];
        IntStream.range(0, gray.length).parallel()
                .forEach(i -> gray[i] = decoder.apply(batch.encoded.get(i)));
        for (int i = 0; i < gray.length; i++) {
            if (gray[i] != null) {
                out.add(new LabeledImage(batch.labels.get(i), batch.names.get(i), gray[i]));
            }
        }
    }

    /** Stops the decoding thread; a batch still in flight (the reader failed) is abandoned. */
    @Override
    public void close() {
        decoding.shutdownNow();
    }
}
