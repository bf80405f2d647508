package dev.ferlab.preprocess.image;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Decodes a stream of encoded images on every core while it is read, and keeps their order: entries are gathered in
 * batches, each batch decoded in parallel, its images appended in input order. Memory stays one batch of encoded
 * bytes beyond the decoded images; the order, and so the shard set, does not depend on the thread count.
 */
public final class BatchDecoder {
    private static final int BATCH = 512;
    private final int size;
    private final List<LabeledImage> out;
    private final List<EmotionLabel> labels = new ArrayList<>(BATCH);
    private final List<String> names = new ArrayList<>(BATCH);
    private final List<byte[]> encoded = new ArrayList<>(BATCH);

    /** @param out where decoded images are appended; undecodable ones are left out */
    public BatchDecoder(int size, List<LabeledImage> out) {
        this.size = size;
        this.out = out;
    }

    public void add(EmotionLabel label, String name, byte[] bytes) {
        labels.add(label);
        names.add(name);
        encoded.add(bytes);
        if (encoded.size() == BATCH) {
            flush();
        }
    }

    /** Decodes what is gathered; call once after the last {@link #add}. */
    public void flush() {
        byte[][] gray = new byte[encoded.size()][];
        IntStream.range(0, gray.length).parallel().forEach(i -> gray[i] = GrayImages.decode(encoded.get(i), size));
        for (int i = 0; i < gray.length; i++) {
            if (gray[i] != null) {
                out.add(new LabeledImage(labels.get(i), names.get(i), gray[i]));
            }
        }
        labels.clear();
        names.clear();
        encoded.clear();
    }
}
