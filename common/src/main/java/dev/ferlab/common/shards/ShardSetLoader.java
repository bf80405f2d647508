package dev.ferlab.common.shards;

import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;

/** Reads a split of a stored shard set into an {@link ImageSet}, verifying every shard's checksum. */
public final class ShardSetLoader {
    private final ObjectStore store;

    public ShardSetLoader(ObjectStore store) {
        this.store = store;
    }

    public ShardManifest manifest(String manifestKey) throws IOException {
        return store.getJson(Buckets.SHARDS, manifestKey, ShardManifest.class);
    }

    public ImageSet load(ShardManifest manifest, Split split) throws IOException {
        return load(manifest, split, () -> { });
    }

    /**
     * @param beforeEachShard runs before each shard is read: a reader that must stop (a cancelled training) throws
     *                        there, rather than after the whole split
     */
    public ImageSet load(ShardManifest manifest, Split split, Runnable beforeEachShard) throws IOException {
        SplitManifest part = manifest.split(split);
        int size = manifest.imageBytes();
        byte[] pixels = new byte[Math.multiplyExact(part.count(), size)];
        byte[] labels = new byte[part.count()];
        int[] next = {0};
        for (ShardRef ref : part.shards()) {
            beforeEachShard.run();
            try (InputStream in = store.open(Buckets.SHARDS, ref.key())) {
                ShardReader.read(in, ref, manifest.height(), manifest.width(), manifest.channels(), (label, px) -> {
                    if (next[0] >= part.count()) {
                        throw new IOException("split " + split.id() + " holds more images than its manifest says");
                    }
                    System.arraycopy(px, 0, pixels, next[0] * size, size);
                    labels[next[0]++] = (byte) label;
                });
            }
        }
        if (next[0] != part.count()) {
            throw new IOException("split " + split.id() + " of " + manifest.shardSetId() + " has " + next[0]
                    + " images, its manifest says " + part.count());
        }
        return new ImageSet(pixels, labels, part.count(), manifest.height(), manifest.width(), manifest.channels());
    }
}
