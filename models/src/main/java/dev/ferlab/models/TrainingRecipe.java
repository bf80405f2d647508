package dev.ferlab.models;

import ai.djl.Device;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The study's training set-up in one place, for the trainer, the benchmark and the tests alike: Adam at a fixed
 * learning rate (its state freed with the model: {@link ModelScopedAdam}), softmax cross-entropy, accuracy, on the
 * GPU when the engine sees one.
 */
public final class TrainingRecipe {
    private TrainingRecipe() {
    }

    public static DefaultTrainingConfig config(double learningRate) {
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(new ModelScopedAdam(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed((float) learningRate))))
                .optDevices(new Device[] {Engines.device()})
                .addEvaluator(new Accuracy());
    }
}
