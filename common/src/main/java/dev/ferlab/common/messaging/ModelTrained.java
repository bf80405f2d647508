package dev.ferlab.common.messaging;

import dev.ferlab.common.spec.ExperimentSpec;
import java.util.List;

/**
 * Final weights are stored under {@code modelPrefix} in bucket {@code models}; the evaluator scores them.
 *
 * @param resumedFromEpoch epochs restored from a checkpoint (a trainer died and another took over); 0 if none
 */
public record ModelTrained(
        String experimentId,
        ExperimentSpec spec,
        String shardSetId,
        String manifestKey,
        String modelPrefix,
        List<String> classes,
        int epochsTrained,
        double trainSeconds,
        int resumedFromEpoch) {
}
