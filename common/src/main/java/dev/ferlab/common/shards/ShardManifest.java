package dev.ferlab.common.shards;

import dev.ferlab.common.spec.PreprocessingSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes a shard set: what it was made from, its classes, image geometry, and every shard with its checksum.
 *
 * @param classCounts counts per class after each preprocessing step, in order (e.g. "dataset", "train", ...)
 * @param splits      keyed by {@link Split#id()}
 * @param leakage     what its validation and test splits share with training (absent in sets written before the
 *                    audit existed)
 */
public record ShardManifest(
        int formatVersion,
        String shardSetId,
        String dataset,
        String datasetHash,
        PreprocessingSpec preprocessing,
        long seed,
        List<String> classes,
        int height,
        int width,
        int channels,
        LinkedHashMap<String, List<Integer>> classCounts,
        Map<String, SplitManifest> splits,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        LeakageAudit leakage,
        Instant createdAt) {

    public static final String FILE_NAME = "manifest.json";

    public SplitManifest split(Split split) {
        SplitManifest s = splits.get(split.id());
        if (s == null) {
            throw new IllegalStateException("shard set " + shardSetId + " has no " + split.id() + " split");
        }
        return s;
    }

    public int imageBytes() {
        return height * width * channels;
    }

    /** Object key of a shard set's manifest in bucket {@code shards}. */
    public static String manifestKey(String shardSetId) {
        return shardSetId + "/" + FILE_NAME;
    }
}
