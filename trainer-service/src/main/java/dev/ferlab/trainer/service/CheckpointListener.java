package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Stores a checkpoint at the end of every epoch, so a trainer that dies loses at most the epoch it was in. */
final class CheckpointListener extends TrainingListenerAdapter {
    private final Checkpoints checkpoints;
    private int epoch;

    /** @param startEpoch epochs already done before this run (a resumed run) */
    CheckpointListener(Checkpoints checkpoints, int startEpoch) {
        this.checkpoints = checkpoints;
        this.epoch = startEpoch;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        try {
            checkpoints.save(trainer.getModel().getBlock(), epoch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the checkpoint of epoch " + epoch + ": " + e.getMessage(), e);
        }
    }
}
