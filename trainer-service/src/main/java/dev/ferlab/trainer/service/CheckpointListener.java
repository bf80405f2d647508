package dev.ferlab.trainer.service;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import dev.ferlab.common.fault.Faults;

/**
 * Stores a checkpoint at the end of every epoch but the last, so a trainer that dies loses at most the epoch it
 * was in. The last epoch's weights are stored as the final model straight away: a checkpoint of them too would
 * double the largest upload of the run (537 MB for VGG16) to save one epoch in the rare crash between the two.
 */
final class CheckpointListener extends TrainingListenerAdapter {
    private final Checkpoints checkpoints;
    private final EarlyStopping earlyStopping;
    private final int lastEpoch;
    private int epoch;

    /** @param startEpoch epochs already done before this run (a resumed run) */
    CheckpointListener(Checkpoints checkpoints, EarlyStopping earlyStopping, int startEpoch, int lastEpoch) {
        this.checkpoints = checkpoints;
        this.earlyStopping = earlyStopping;
        this.epoch = startEpoch;
        this.lastEpoch = lastEpoch;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        if (epoch >= lastEpoch) {
            return;
        }
        try {
            checkpoints.save(trainer.getModel().getBlock(), epoch, 0, earlyStopping.state());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot store the checkpoint of epoch " + epoch + ": "
                    + Faults.describe(e), e);
        }
    }
}
