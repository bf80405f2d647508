package dev.ferlab.common.shards;

import dev.ferlab.common.hash.Sha256;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Streams the records of one shard, verifying its header against the manifest and its SHA-256 once the last
 * record is read. A shard that was truncated or altered raises an {@link IOException} that names it.
 */
public final class ShardReader {
    /** Receives each record; {@code pixels} is reused between calls, so copy what you keep. */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(int label, byte[] pixels) throws IOException;
    }

    private ShardReader() {
    }

    public static void read(InputStream source, ShardRef ref, int height, int width, int channels,
            RecordConsumer consumer) throws IOException {
        MessageDigest digest = Sha256.digest();
        DigestInputStream digesting = new DigestInputStream(new BufferedInputStream(source, 1 << 16), digest);
        DataInputStream in = new DataInputStream(digesting);
        try {
            byte[] magic = in.readNBytes(ShardFormat.MAGIC.length);
            if (!Arrays.equals(magic, ShardFormat.MAGIC)) {
                throw new IOException("shard " + ref.key() + " is not a ferlab shard (bad magic)");
            }
            int version = in.readInt();
            if (version != ShardFormat.VERSION) {
                throw new IOException("shard " + ref.key() + " has format version " + version + ", this reader knows "
                        + ShardFormat.VERSION);
            }
            int count = in.readInt();
            int h = in.readInt();
            int w = in.readInt();
            int c = in.readInt();
            if (count != ref.count() || h != height || w != width || c != channels) {
                throw new IOException("shard " + ref.key() + " header (" + count + " images of " + h + "x" + w + "x"
                        + c + ") disagrees with its manifest (" + ref.count() + " of " + height + "x" + width + "x"
                        + channels + ")");
            }
            byte[] pixels = new byte[h * w * c];
            for (int i = 0; i < count; i++) {
                int label = in.read();
                if (label < 0) {
                    throw new EOFException();
                }
                in.readFully(pixels);
                consumer.accept(label, pixels);
            }
            if (in.read() != -1) {
                throw new IOException("shard " + ref.key() + " has bytes after its last record");
            }
        } catch (EOFException e) {
            throw new IOException("shard " + ref.key() + " is truncated", e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(ref.sha256())) {
            throw new IOException("shard " + ref.key() + " checksum mismatch: manifest says " + ref.sha256()
                    + ", content is " + actual);
        }
    }
}
