package dev.ferlab.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import dev.ferlab.common.shards.ImageSet;

/** Runs a model over an image set in batches: predicted class per image, and the mean cross-entropy loss. */
public final class Predictions {
    /** @param predicted class index per image, in image-set order */
    public record Result(int[] predicted, double meanLoss) {
    }

    private Predictions() {
    }

    public static Result predict(Model model, ImageSet images, int batchSize, int inputChannels) {
        int[] predicted = new int[images.count()];
        double lossSum = 0;
        Loss loss = Loss.softmaxCrossEntropyLoss();
        ImageSetDataset data = new ImageSetDataset(images, batchSize, false, 0, 0, inputChannels);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            int next = 0;
            for (Batch batch : data.getData(manager)) {
                try (batch) {
                    NDList logits = model.getBlock().forward(parameters, batch.getData(), false);
                    lossSum += loss.evaluate(batch.getLabels(), logits).getFloat() * batch.getSize();
                    NDArray classes = logits.singletonOrThrow().argMax(1);
                    for (long c : classes.toLongArray()) {
                        predicted[next++] = (int) c;
                    }
                }
            }
        }
        return new Result(predicted, images.count() == 0 ? Double.NaN : lossSum / images.count());
    }
}
