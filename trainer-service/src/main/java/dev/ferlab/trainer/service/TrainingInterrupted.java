package dev.ferlab.trainer.service;

/** Training stopped between two batches for a reason outside the experiment; it is not a failure. */
public final class TrainingInterrupted extends RuntimeException {
    /** Why the trainer stopped. */
    public enum Reason {
        /** The trainer is shutting down: it checkpoints and hands the experiment back. */
        STOPPING,
        /** Another trainer may hold the experiment now: this one writes nothing more for it. */
        CLAIM_LOST
    }

    private final Reason reason;

    public TrainingInterrupted(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
