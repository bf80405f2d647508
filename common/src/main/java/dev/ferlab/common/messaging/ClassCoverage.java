package dev.ferlab.common.messaging;

import java.util.List;

/**
 * Where a model's classes and a target dataset's classes differ (cross-dataset evaluation): reported, not
 * guessed. Metrics run over the images whose class the model knows; the others cannot be right.
 *
 * @param absentFromTarget   model classes the target has no images of (their recall is 0/0)
 * @param unknownToModel     target classes the model cannot predict
 * @param targetImages       images of the target considered
 * @param unreachableImages  of those, images of a class the model cannot predict
 * @param unreachableShare   {@code unreachableImages / targetImages}
 */
public record ClassCoverage(
        List<String> absentFromTarget,
        List<String> unknownToModel,
        long targetImages,
        long unreachableImages,
        double unreachableShare) {
}
