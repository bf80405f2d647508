package dev.ferlab.gateway.experiment.repository;

/**
 * Where an experiment is. Statuses only move forward, in declaration order, so an event that arrives late on
 * another topic cannot move an experiment back; {@link #COMPLETED}, {@link #FAILED} and {@link #CANCELLED} are
 * final.
 */
public enum ExperimentStatus {
    /** Accepted; waiting for the preprocessor. */
    QUEUED,
    /** The preprocessor is preparing its shard set ({@code preprocessingStep} says where). */
    PREPROCESSING,
    /** Shards are ready; a trainer trains it. */
    TRAINING,
    /** Weights are stored; the evaluator scores them. */
    EVALUATING,
    COMPLETED,
    FAILED,
    /** A user cancelled it; trainers stop it at the next batch, and later events change nothing. */
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether an event reporting {@code next} may move an experiment from this status. */
    public boolean canMoveTo(ExperimentStatus next) {
        return !isFinal() && (next == FAILED || next.ordinal() >= ordinal());
    }
}
