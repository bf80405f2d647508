package dev.ferlab.models;

import dev.ferlab.common.spec.ModelArchitecture;
import java.util.List;

/**
 * What a stored model is, written beside its weights ({@link ModelFiles#DESCRIPTOR}), so that the evaluator can
 * rebuild the same block without asking anyone.
 */
public record ModelDescriptor(
        String experimentId,
        ModelArchitecture architecture,
        List<String> classes,
        int channels,
        int imageSize,
        int epochsTrained,
        String shardSetId) {
}
