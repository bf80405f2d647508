package dev.ferlab.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import dev.ferlab.common.models.Normalization;
import dev.ferlab.common.shards.ImageSet;

/** Runs a model over an image set in batches: the predicted class and the class log-probabilities per image. */
public final class Predictions {
    /**
     * @param predicted        class index per image, in image-set order
     * @param logProbabilities log-softmax of the network's output per image: enough to recompute any metric or loss
     */
    public record Result(int[] predicted, float[][] logProbabilities) {

        /** Mean softmax cross-entropy against the image set's own labels. */
        public double meanLoss(ImageSet images) {
            int[] all = new int[images.count()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            int[] truth = new int[images.count()];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = images.label(i);
            }
            return meanLoss(truth, all);
        }

        /**
         * Mean softmax cross-entropy over the images {@code which}, with {@code truth[i]} the class of image
         * {@code which[i]}; NaN when there are none.
         */
        public double meanLoss(int[] truth, int[] which) {
            if (which.length == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (int i = 0; i < which.length; i++) {
                sum -= logProbabilities[which[i]][truth[i]];
            }
            return sum / which.length;
        }
    }

    private Predictions() {
    }

    /** @param normalization the model's input normalization ({@code ModelDescriptor#normalization}); null for none */
    public static Result predict(Model model, ImageSet images, int batchSize, int inputChannels,
            Normalization normalization) {
        int[] predicted = new int[images.count()];
        float[][] logProbabilities = new float[images.count()][];
        ImageSetDataset data = new ImageSetDataset(images, batchSize, false, 0, 0, inputChannels)
                .normalized(normalization);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            int next = 0;
            for (Batch batch : data.getData(manager)) {
                try (batch) {
                    NDList logits = model.getBlock().forward(parameters, batch.getData(), false);
                    NDArray logSoftmax = logits.singletonOrThrow().logSoftmax(1);
                    long classes = logSoftmax.getShape().get(1);
                    float[] flat = logSoftmax.toFloatArray();
                    for (int i = 0; i < batch.getSize(); i++) {
                        float[] row = new float[(int) classes];
                        System.arraycopy(flat, (int) (i * classes), row, 0, row.length);
                        int best = 0;
                        for (int c = 1; c < row.length; c++) {
                            best = row[c] > row[best] ? c : best;
                        }
                        logProbabilities[next] = row;
                        predicted[next++] = best;
                    }
                }
            }
        }
        return new Result(predicted, logProbabilities);
    }
}
