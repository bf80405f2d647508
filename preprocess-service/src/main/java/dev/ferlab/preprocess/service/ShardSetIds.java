package dev.ferlab.preprocess.service;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.shards.ShardFormat;
import dev.ferlab.common.spec.PreprocessingSpec;
import dev.ferlab.common.hash.Sha256;

/** A shard set's id: a hash of what determines its content, so an identical request finds it again. */
public final class ShardSetIds {
    private ShardSetIds() {
    }

    public static String of(String datasetHash, PreprocessingSpec spec, long seed) {
        String identity = "v" + ShardFormat.VERSION + "|" + datasetHash + "|" + Json.toString(spec) + "|" + seed;
        return Sha256.hex(identity).substring(0, 32);
    }
}
