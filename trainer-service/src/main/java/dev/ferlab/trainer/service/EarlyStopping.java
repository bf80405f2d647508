package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * Watches the validation loss after every epoch and says when it has not improved for {@code patience} epochs.
 * Its state travels in the checkpoint, so a resumed run stops where an uninterrupted one would have.
 */
final class EarlyStopping extends TrainingListenerAdapter {
    /** What a checkpoint keeps of it; {@code bestLoss} is null before the first validated epoch. */
    record State(Double bestLoss, int epochsWithoutImprovement, boolean triggered) {
        static final State INITIAL = new State(null, 0, false);
    }

    private final int patience;
    private State state;

    /** @param patience 0 turns early stopping off */
    EarlyStopping(int patience, State resumed) {
        this.patience = patience;
        this.state = resumed == null ? State.INITIAL : resumed;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        observe(trainer.getTrainingResult().getValidateLoss());
    }

    /** One epoch's validation loss; null when the epoch had no validation. */
    void observe(Float loss) {
        if (patience == 0 || loss == null || loss.isNaN()) {
            return;
        }
        boolean improved = state.bestLoss() == null || loss < state.bestLoss();
        int without = improved ? 0 : state.epochsWithoutImprovement() + 1;
        state = new State(improved ? Double.valueOf(loss) : state.bestLoss(), without, without >= patience);
    }

    State state() {
        return state;
    }

    boolean triggered() {
        return state.triggered();
    }
}
