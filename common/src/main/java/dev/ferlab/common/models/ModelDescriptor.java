package dev.ferlab.common.models;

import dev.ferlab.common.spec.ModelArchitecture;
import java.util.List;

/**
 * What a stored model is, written beside its weights ({@link ModelFiles#DESCRIPTOR}), so that the evaluator can
 * rebuild the same block without asking anyone.
 *
 * @param normalization the input scaling the weights expect; null: pixels in [0, 1] (every model ferlab trains from
 *                      scratch). Imported ImageNet weights carry it, and so does every model fine-tuned from them.
 * @param weights       the weights' file beside the descriptor; null: {@link ModelFiles#PARAMS} (DJL's format, what
 *                      ferlab writes). Imported weights are a safetensors file with torchvision's names.
 * @param source        where the weights came from, for people (imports: the file's name and SHA-256); may be null
 */
public record ModelDescriptor(
        String experimentId,
        ModelArchitecture architecture,
        List<String> classes,
        int channels,
        int imageSize,
        int epochsTrained,
        String shardSetId,
        Normalization normalization,
        String weights,
        String source) {

    /** A model ferlab trained: DJL's file, and the normalization it was trained with (null for none). */
    public ModelDescriptor(String experimentId, ModelArchitecture architecture, List<String> classes, int channels,
            int imageSize, int epochsTrained, String shardSetId, Normalization normalization) {
        this(experimentId, architecture, classes, channels, imageSize, epochsTrained, shardSetId, normalization, null,
                null);
    }

    /** The weights file's name beside the descriptor. */
    public String weightsFile() {
        return weights == null ? ModelFiles.PARAMS : weights;
    }

    /** Whether the weights are an imported safetensors file (torchvision's names) rather than DJL's format. */
    public boolean safetensors() {
        return weights != null && weights.endsWith(ModelFiles.SAFETENSORS_SUFFIX);
    }
}
