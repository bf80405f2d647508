package dev.ferlab.trainer.service;

/** What a running training asks its trainer: may it go on, and may it still write what it owns. */
public interface TrainingControl {
    /** Checked between batches. @throws TrainingInterrupted when the trainer stops or lost the experiment */
    void checkContinue();

    /** Checked right before anything is written for the experiment. @throws TrainingInterrupted when lost */
    void ensureHeld();

    /** For training outside the queue (benchmarks, tests): never interrupted. */
    TrainingControl UNINTERRUPTED = new TrainingControl() {
        @Override
        public void checkContinue() {
        }

        @Override
        public void ensureHeld() {
        }
    };
}
