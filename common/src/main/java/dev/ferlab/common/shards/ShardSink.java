package dev.ferlab.common.shards;

import java.io.IOException;

/** Where a {@link ShardWriter} puts each finished shard (an object store, a folder, memory in tests). */
@FunctionalInterface
public interface ShardSink {
    void write(String key, byte[] shard) throws IOException;
}
