package dev.ferlab.common.shards;

import dev.ferlab.common.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one split as a sequence of shards named {@code keyPrefix-00000.bin}, {@code -00001.bin}, ... Images are
 * buffered until a shard is full, because the header carries the count.
 */
public final class ShardWriter {
    private final String keyPrefix;
    private final int height;
    private final int width;
    private final int channels;
    private final int imagesPerShard;
    private final ShardSink sink;
    private final List<ShardRef> written = new ArrayList<>();
    private ByteArrayOutputStream records = new ByteArrayOutputStream();
    private int pending;

    public ShardWriter(String keyPrefix, int height, int width, int channels, int imagesPerShard, ShardSink sink) {
        if (imagesPerShard < 1) {
            throw new IllegalArgumentException("imagesPerShard must be at least 1");
        }
        this.keyPrefix = keyPrefix;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.imagesPerShard = imagesPerShard;
        this.sink = sink;
    }

    public void add(int label, byte[] pixels) throws IOException {
        if (label < 0 || label >= ShardFormat.MAX_CLASSES) {
            throw new IllegalArgumentException("label " + label + " does not fit in one unsigned byte");
        }
        if (pixels.length != height * width * channels) {
            throw new IllegalArgumentException("image has " + pixels.length + " bytes, expected "
                    + height * width * channels + " (" + height + "x" + width + "x" + channels + ")");
        }
        records.write(label);
        records.write(pixels);
        if (++pending == imagesPerShard) {
            flush();
        }
    }

    /** Writes the last partial shard and returns every shard written, in order. */
    public List<ShardRef> finish() throws IOException {
        if (pending > 0) {
            flush();
        }
        return List.copyOf(written);
    }

    private void flush() throws IOException {
        ByteArrayOutputStream shard = new ByteArrayOutputStream(ShardFormat.HEADER_BYTES + records.size());
        DataOutputStream header = new DataOutputStream(shard);
        header.write(ShardFormat.MAGIC);
        header.writeInt(ShardFormat.VERSION);
        header.writeInt(pending);
        header.writeInt(height);
        header.writeInt(width);
        header.writeInt(channels);
        records.writeTo(shard);
        byte[] bytes = shard.toByteArray();
        String key = String.format("%s-%05d.bin", keyPrefix, written.size());
        sink.write(key, bytes);
        written.add(new ShardRef(key, pending, bytes.length, Sha256.hex(bytes)));
        records = new ByteArrayOutputStream();
        pending = 0;
    }
}
