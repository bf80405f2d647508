package dev.ferlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's {@link EasyTrain#fit} with one difference: a batch whose gradients are not finite (NaN or infinite, from a
 * non-finite loss or an overflow in the backward pass) is not applied. Its gradients are cleared, the batch-norm
 * running statistics its forward pass updated are put back, the listeners do not see it, and the weights and the
 * optimiser's state stay as they were; the next batch goes on from there. This is
 * what PyTorch's gradient scaler does with an overflowing step. MobileNetV3-Large trained from scratch on the CPU gets
 * such a batch now and then, at a fixed seed but not every run (issue 16): applied, it made every weight NaN and the
 * run fail or predict one class. A run whose batches stay non-finite {@value #MAX_CONSECUTIVE_SKIPS} times in a row
 * has diverged, and fails saying so.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    /** Non-finite batches in a row that mean the run itself diverged rather than met a bad batch. */
    public static final int MAX_CONSECUTIVE_SKIPS = 5;

    private final String name;
    private List<NDArray> weights;
    /** Batch-norm running statistics, updated by every training forward pass, and their copies from before it. */
    private List<NDArray> running;
    private List<NDArray> runningBefore;
    private int skipped;
    private int inARow;

    /** @param name what the log calls the run (an experiment id) */
    public TrainingLoop(String name) {
        this.name = name;
    }

    /** Batches left out so far, over every epoch. */
    public int skipped() {
        return skipped;
    }

    /** Trains {@code epochs} epochs, validating after each, as {@link EasyTrain#fit} does. */
    public void fit(Trainer trainer, int epochs, Dataset training, Dataset validation)
            throws IOException, TranslateException {
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Batch batch : trainer.iterateDataset(training)) {
                try (batch) {
                    if (trainBatch(trainer, batch)) {
                        trainer.step();
                    }
                }
            }
            if (validation != null) {
                EasyTrain.evaluateDataset(trainer, validation);
            }
            trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        }
    }

    /**
     * Forward, loss and backward over the batch, then the listeners, as {@link EasyTrain#trainBatch} on one device
     * after another; false, with nothing told to the listeners, when the gradients are not finite.
     */
    boolean trainBatch(Trainer trainer, Batch batch) {
        if (weights == null) {
            track(trainer);
        }
        for (int i = 0; i < running.size(); i++) {
            running.get(i).copyTo(runningBefore.get(i));
        }
        BatchData data = new BatchData(batch, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch split : batch.split(trainer.getDevices(), false)) {
                NDList inputs = split.getData();
                NDList labels = split.getLabels();
                NDList predictions = trainer.forward(inputs, labels);
                collector.backward(trainer.getLoss().evaluate(labels, predictions));
                data.getLabels().put(labels.get(0).getDevice(), labels);
                data.getPredictions().put(predictions.get(0).getDevice(), predictions);
            }
        }
        if (finite(weights, batch.getManager())) {
            inARow = 0;
            trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, data));
            return true;
        }
        // zero_(), not DJL's zeroGradients() (g - g), which leaves NaN - NaN = NaN behind.
        weights.forEach(w -> JniUtils.zeroGrad((PtNDArray) w));
        for (int i = 0; i < running.size(); i++) {
            runningBefore.get(i).copyTo(running.get(i));
        }
        skipped++;
        inARow++;
        LOG.warn("{}: batch {} of the pass left out, its gradients not finite ({} left out so far)", name,
                batch.getProgress(), skipped);
        if (inARow >= MAX_CONSECUTIVE_SKIPS) {
            throw new IllegalStateException("training diverged: " + inARow + " batches in a row had a loss or "
                    + "gradients that were not finite (NaN or infinite); a lower learningRate may help");
        }
        return false;
    }

    /**
     * The arrays whose gradients a step applies (the trainable parameters) and the running statistics, looked up once:
     * they stay the same arrays for the run.
     */
    private void track(Trainer trainer) {
        weights = new ArrayList<>();
        running = new ArrayList<>();
        runningBefore = new ArrayList<>();
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            Parameter parameter = p.getValue();
            NDArray array = parameter.getArray();
            if (parameter.requiresGradient() && array.hasGradient()) {
                weights.add(array);
            } else if (parameter.getType() == Parameter.Type.RUNNING_MEAN
                    || parameter.getType() == Parameter.Type.RUNNING_VAR) {
                running.add(array);
                runningBefore.add(array.duplicate());
            }
        }
    }

    /** One sum of every gradient's sum: NaN and infinity survive summing, so one number read tells. */
    private static boolean finite(List<NDArray> arrays, NDManager manager) {
        if (arrays.isEmpty()) {
            return true;
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDList sums = new NDList(arrays.size());
            for (NDArray a : arrays) {
                // A new handle on the gradient for every call: closed with the scratch manager.
                NDArray g = a.getGradient();
                g.attach(scratch);
                NDArray s = g.sum();
                s.attach(scratch);
                sums.add(s);
            }
            NDArray total = NDArrays.stack(sums).sum();
            total.attach(scratch);
            return Float.isFinite(total.getFloat());
        }
    }
}
