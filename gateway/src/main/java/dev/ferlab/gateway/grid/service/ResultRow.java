package dev.ferlab.gateway.grid.service;

/**
 * One experiment's line of the study's Table 1: accuracy on the three splits, and the test split's macro
 * precision, recall and F1. Metrics are null until the experiment is evaluated.
 */
public record ResultRow(
        String experimentId,
        String status,
        String model,
        String transferMode,
        String preprocessing,
        Long seed,
        Double trainAccuracy,
        Double validationAccuracy,
        Double testAccuracy,
        Double precision,
        Double recall,
        Double f1) {
}
