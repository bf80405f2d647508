package dev.ferlab.evaluator.repository;

import java.util.List;

/**
 * Every image's prediction in one evaluation, kept in bucket {@code models} so that any metric can be recomputed
 * from what is stored: {@code truth[i]} indexes {@code datasetClasses} (the evaluated dataset's own classes),
 * {@code predicted[i]} and {@code probabilities[i]} index {@code modelClasses}. For an experiment's own dataset the
 * two class lists are the same.
 */
public record PredictionsFile(
        String experimentId,
        String dataset,
        String split,
        List<String> modelClasses,
        List<String> datasetClasses,
        int[] truth,
        int[] predicted,
        float[][] probabilities) {
}
