package dev.ferlab.common.messaging;

import dev.ferlab.common.spec.ExperimentSpec;
import java.util.List;

/**
 * The experiment's shard set exists in bucket {@code shards}; a trainer may start.
 *
 * @param reused  true when an identical earlier request had already produced this shard set
 * @param leakage its leakage audit, from the manifest; null for a set written before the audit existed
 */
public record ShardsReady(
        String experimentId,
        ExperimentSpec spec,
        String shardSetId,
        String manifestKey,
        List<String> classes,
        int trainCount,
        int validationCount,
        int testCount,
        boolean reused,
        dev.ferlab.common.shards.LeakageAudit leakage) {
}
