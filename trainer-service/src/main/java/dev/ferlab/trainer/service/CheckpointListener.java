package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Stores a checkpoint at the end of every epoch, so a trainer that dies loses at most the epoch it was in. */
final class CheckpointListener extends TrainingListenerAdapter {
    private final Checkpoints checkpoints;
    private final EarlyStopping earlyStopping;
    private final TrainingControl control;
    private int epoch;

    /** @param startEpoch epochs already done before this run (a resumed run) */
    CheckpointListener(Checkpoints checkpoints, EarlyStopping earlyStopping, TrainingControl control,
            int startEpoch) {
        this.checkpoints = checkpoints;
        this.earlyStopping = earlyStopping;
        this.control = control;
        this.epoch = startEpoch;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        control.ensureHeld();
        try {
            checkpoints.save(trainer.getModel().getBlock(), epoch, 0, earlyStopping.state());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the checkpoint of epoch " + epoch + ": " + e.getMessage(), e);
        }
    }
}
