package dev.ferlab.gateway.experiment.repository;

/**
 * Where an experiment is. Statuses only move forward, in declaration order, so an event that arrives late on
 * another topic cannot move an experiment back; {@link #COMPLETED}, {@link #FAILED} and {@link #CANCELLED} are
 * final. Each one's description is what the API's vocabulary, the dashboard and the CLI say of it.
 */
public enum ExperimentStatus {
    QUEUED("accepted; waiting for the preprocessor"),
    PREPROCESSING("the preprocessor prepares its shard set"),
    WAITING("its shards are ready; it waits in the trainers' queue for a free trainer"),
    TRAINING("a trainer holds it and trains it"),
    EVALUATING("its model is stored; the evaluator scores it"),
    COMPLETED("evaluated on its three splits"),
    FAILED("a fault of the experiment itself stopped it"),
    /** Trainers stop it at the next batch, and later events change nothing. */
    CANCELLED("a user cancelled it");

    private final String description;

    ExperimentStatus(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether an event reporting {@code next} may move an experiment from this status. */
    public boolean canMoveTo(ExperimentStatus next) {
        return !isFinal() && (next == FAILED || next.ordinal() >= ordinal());
    }
}
