package dev.ferlab.common.messaging;

import dev.ferlab.common.spec.ExperimentSpec;
import java.time.Instant;

/**
 * Score a trained experiment's model on another dataset (cross-dataset evaluation). The preprocessor prepares
 * {@code dataset} the way {@code spec} prepared the training data, without balancing, and answers with
 * {@link EvaluationPrepared}. Key: experiment id.
 *
 * @param requestId one id per request: the evaluation it leads to carries it back
 * @param spec      the trained experiment's spec: its preprocessing and seed apply to the target too
 * @param dataset   the target, named as an experiment's {@code dataset} is ({@code dataset:<id>}, a folder path)
 * @param split     which images of the target: {@link #ALL_SPLITS} or one split id
 */
public record EvaluationRequested(
        String requestId,
        String experimentId,
        ExperimentSpec spec,
        String dataset,
        String split,
        Instant requestedAt) {

    /** Every image of the target dataset, whatever split the preprocessor put it in. */
    public static final String ALL_SPLITS = "all";
}
