package dev.ferlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning: a pretrained network's weights copied into a new one of the same architecture (every layer but a
 * classifier of another size), and, for the study's partial mode, the leading layers frozen so that about 30% of
 * the parameters stay trainable.
 */
public final class TransferLearning {
    /** The study's share of trainable parameters in partial fine-tuning. */
    public static final double PARTIAL_TRAINABLE_SHARE = 0.3;

    /** What partial freezing left trainable. */
    public record Freezing(long total, long trainable, int frozenLayers, int layers) {
        public double trainableShare() {
            return trainable / (double) total;
        }
    }

    private TransferLearning() {
    }

    /**
     * Copies every parameter of {@code pretrained} into the parameter of {@code target} with the same name and
     * shape. Both must be initialised.
     *
     * @return parameters copied; those left (the new classifier) keep their initialisation
     */
    public static int copyMatching(Block pretrained, Block target) {
        Map<String, Parameter> source = new HashMap<>();
        for (Pair<String, Parameter> p : pretrained.getParameters()) {
            source.put(p.getKey(), p.getValue());
        }
        int copied = 0;
        for (Pair<String, Parameter> p : target.getParameters()) {
            Parameter from = source.get(p.getKey());
            if (from != null && from.getArray().getShape().equals(p.getValue().getArray().getShape())) {
                NDArray array = p.getValue().getArray();
                from.getArray().copyTo(array);
                copied++;
            }
        }
        return copied;
    }

    /**
     * Freezes the network's leading top-level layers, choosing the boundary whose trainable share is closest to
     * {@link #PARTIAL_TRAINABLE_SHARE}. Layers are not split, so the share is as close as layer sizes allow.
     */
    public static Freezing freezeForPartial(Block network) {
        List<Block> layers = network.getChildren().values();
        long[] sizes = new long[layers.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = parameters(layers.get(i));
            total += sizes[i];
        }
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        long trainable = total;
        long bestTrainable = total;
        for (int frozen = 0; frozen < sizes.length; frozen++) {
            double distance = Math.abs(trainable / (double) total - PARTIAL_TRAINABLE_SHARE);
            if (trainable > 0 && distance < bestDistance) {
                bestDistance = distance;
                best = frozen;
                bestTrainable = trainable;
            }
            trainable -= sizes[frozen];
        }
        for (int i = 0; i < best; i++) {
            layers.get(i).freezeParameters(true);
        }
        return new Freezing(total, bestTrainable, best, layers.size());
    }

    /** Learnable parameters, as PyTorch counts them (BatchNorm's running statistics excluded). */
    public static long parameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }

    /** Learnable parameters that will be updated. */
    public static long trainableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }
}
