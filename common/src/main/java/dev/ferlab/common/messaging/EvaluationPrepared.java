package dev.ferlab.common.messaging;

/** The target of an {@link EvaluationRequested} is stored as a shard set; the evaluator scores the model on it. */
public record EvaluationPrepared(EvaluationRequested request, String shardSetId, String manifestKey) {
}
