package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Stores a checkpoint at the end of every epoch but the last, so a trainer that dies loses at most the epoch it
 * was in. The last epoch's weights are stored as the final model straight away: a checkpoint of them too would
 * double the largest upload of the run (537 MB for VGG16) to save one epoch in the rare crash between the two.
 */
final class CheckpointListener extends TrainingListenerAdapter {
    private final Checkpoints checkpoints;
    private final EarlyStopping earlyStopping;
    private final TrainingControl control;
    private final int lastEpoch;
    private int epoch;

    /** @param startEpoch epochs already done before this run (a resumed run) */
    CheckpointListener(Checkpoints checkpoints, EarlyStopping earlyStopping, TrainingControl control,
            int startEpoch, int lastEpoch) {
        this.checkpoints = checkpoints;
        this.earlyStopping = earlyStopping;
        this.control = control;
        this.epoch = startEpoch;
        this.lastEpoch = lastEpoch;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        if (epoch >= lastEpoch) {
            return;
        }
        control.ensureHeld();
        try {
            checkpoints.save(trainer.getModel().getBlock(), epoch, 0, earlyStopping.state());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the checkpoint of epoch " + epoch + ": " + e.getMessage(), e);
        }
    }
}
