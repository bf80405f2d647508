package dev.ferlab.gateway.grid.rest;

import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import java.util.List;

/**
 * A grid as a client sends it: the cartesian product of {@code models} x {@code transferModes} x
 * {@code preprocessing} x {@code seeds}, every run sharing the other fields. A preset ({@code "paper"}: the study's 27 runs;
 * {@code "fer2013-reduced"}: its nine from-scratch runs cut to fit two CPU cores, {@link
 * dev.ferlab.gateway.grid.service.GridPreset}) fills the fields left out. Every field optional here; validation names what is
 * wrong. A grid whose {@code partial} or {@code full} cells name a model without pretrained weights is refused,
 * unless {@code skipMissingWeights} is true: then those cells are left out. {@code folds: k} cross-validates every
 * cell: k runs, fold 0 to k - 1 tested ({@code PreprocessingSpec#folds}).
 */
public record GridSubmission(
        String name,
        String preset,
        String dataset,
        List<String> models,
        List<String> transferModes,
        List<PreprocessingSubmission> preprocessing,
        List<Long> seeds,
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Integer maxBatchesPerEpoch,
        Integer earlyStoppingPatience,
        Boolean skipMissingWeights,
        Integer folds) {

    /** This submission's fields, each left out taken from {@code base}: a completion's additions over its grid. */
    public GridSubmission over(GridSubmission base) {
        return new GridSubmission(or(name, base.name), or(preset, base.preset), or(dataset, base.dataset),
                or(models, base.models), or(transferModes, base.transferModes), or(preprocessing, base.preprocessing),
                or(seeds, base.seeds), or(epochs, base.epochs), or(batchSize, base.batchSize),
                or(learningRate, base.learningRate), or(maxBatchesPerEpoch, base.maxBatchesPerEpoch),
                or(earlyStoppingPatience, base.earlyStoppingPatience), or(skipMissingWeights, base.skipMissingWeights),
                or(folds, base.folds));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
