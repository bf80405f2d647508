package dev.ferlab.gateway.dataset.rest;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.gateway.dataset.repository.Dataset;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered dataset as the API shows it; {@code reference} is what an experiment's {@code dataset} field takes.
 */
public record DatasetView(String id, String reference, String name, String format, String contentHash,
        boolean usageSplits, int images, Map<String, Integer> classCounts, Map<String, String> labelMapping,
        List<DatasetManifest.Problem> skipped, boolean alreadyRegistered, Instant createdAt,
        Map<String, List<String>> samples) {

    public static DatasetView of(Dataset d, boolean existing) {
        return of(d, existing, null);
    }

    /** @param samples per class, the paths of its sample images; null where not listed (the list of datasets) */
    public static DatasetView of(Dataset d, boolean existing, Map<String, List<String>> samples) {
        return new DatasetView(d.id, DatasetManifest.REFERENCE_PREFIX + d.id, d.name, d.format, d.contentHash,
                d.usageSplits, d.images, d.classCounts, d.labelMapping, d.skipped, existing, d.createdAt, samples);
    }
}
