package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.common.datasets.DatasetManifest.Problem;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.gateway.config.GatewayConfig;
import dev.ferlab.gateway.dataset.repository.Dataset;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Registers datasets: checks them ({@link DatasetImporter}), stores the data then the manifest in bucket
 * {@code datasets}, then the row. Identical content imported again returns the dataset already registered.
 */
@ApplicationScoped
public class DatasetService {
    private final ObjectStore store;
    private final ImportProgress progress;
    private final ArchiveLimits limits;

    public DatasetService(ObjectStore store, ImportProgress progress, GatewayConfig config) {
        this.store = store;
        this.progress = progress;
        this.limits = ArchiveLimits.of(config.imports());
    }

    /** The outcome: the dataset and whether it was already registered. */
    public record Registered(Dataset dataset, boolean existing) {
    }

    /** A folder of class folders, a zip of one or a FER2013 CSV that the gateway reads at {@code path}. */
    public Registered importPath(Path path, ImportRequest request) throws IOException {
        String id = UUID.randomUUID().toString();
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        ImportRequest named = request.name() == null || request.name().isBlank()
                ? new ImportRequest(name, request.labelMapping(), request.skipInvalid(), request.usageSplits(),
                        request.importId())
                : request;
        if (Files.isDirectory(path)) {
            List<Problem> problems = new ArrayList<>();
            try (ImageEntries entries = ImageEntries.fromFolder(path, problems)) {
                return images(id, named, entries, problems);
            }
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidDatasetException("dataset path " + path + " does not exist on the gateway's filesystem",
                    List.of(new Problem(path.toString(), "does not exist")));
        }
        return importFile(path, format(path.toString()), named);
    }

    private DatasetImporter.Progress steps(ImportRequest request) {
        return (done, total) -> progress.running(request.importId(), done, total);
    }

    /** A dataset file: an upload the caller spooled (and deletes), or a path the gateway reads. */
    public Registered importFile(Path file, String format, ImportRequest request) throws IOException {
        String id = UUID.randomUUID().toString();
        if ("csv".equals(format)) {
            return register(DatasetImporter.csv(id, request, file, steps(request)));
        }
        if ("zip".equals(format)) {
            List<Problem> problems = new ArrayList<>();
            try (ImageEntries entries = ImageEntries.fromZip(file, limits, problems)) {
                return images(id, request, entries, problems);
            }
        }
        throw new InvalidDatasetException("unknown dataset format '" + format + "'",
                List.of(new Problem("format", "use zip (a zip of class folders) or csv (FER2013-style)")));
    }

    /** The images written to a temporary archive, stored from there, the temporary file deleted whatever happens. */
    private Registered images(String id, ImportRequest request, ImageEntries entries, List<Problem> problems)
            throws IOException {
        Path data = Files.createTempFile("ferlab-dataset-", ".zip");
        try {
            return register(DatasetImporter.images(id, request, entries.entries(), problems, data, steps(request)));
        } finally {
            Files.deleteIfExists(data);
        }
    }

    static String format(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") ? "csv" : lower.endsWith(".zip") ? "zip" : "unknown";
    }

    private Registered register(DatasetImporter.Imported imported) throws IOException {
        DatasetManifest m = imported.manifest();
        Optional<Dataset> existing = sameContent(m);
        if (existing.isPresent()) {
            return new Registered(existing.get(), true);
        }
        // Data and samples first, manifest second, row last: a dataset is visible only once all of it is stored.
        List<String> keys = new ArrayList<>();
        keys.add(m.dataKey());
        store.putFile(Buckets.DATASETS, m.dataKey(), imported.data());
        for (DatasetImporter.Sample sample : imported.samples()) {
            String key = sampleKey(m.datasetId(), sample.label(), sampleIndex(imported.samples(), sample));
            keys.add(key);
            store.put(Buckets.DATASETS, key, sample.bytes(), sample.contentType());
        }
        keys.add(DatasetManifest.manifestKey(m.datasetId()));
        store.putJson(Buckets.DATASETS, DatasetManifest.manifestKey(m.datasetId()), m);
        try {
            return new Registered(save(m, imported), false);
        } catch (PersistenceException e) {
            // The same content imported twice at once: the other import's row won the unique constraint. Answer
            // with its dataset, and take back what this one stored (a leftover would only waste space).
            Optional<Dataset> winner = sameContent(m);
            if (winner.isEmpty()) {
                throw e;
            }
            for (String key : keys) {
                store.delete(Buckets.DATASETS, key);
            }
            return new Registered(winner.get(), true);
        }
    }

    private static Optional<Dataset> sameContent(DatasetManifest m) {
        return Dataset.<Dataset>find("contentHash = ?1 and format = ?2 and usageSplits = ?3",
                m.contentHash(), m.format(), m.usageSplits()).firstResultOptional();
    }

    /** Flushed here, so that a unique-constraint violation is thrown from this call, not at commit. */
    @Transactional
    Dataset save(DatasetManifest m, DatasetImporter.Imported imported) {
        Dataset d = new Dataset();
        d.id = m.datasetId();
        d.name = m.name();
        d.format = m.format();
        d.contentHash = m.contentHash();
        d.usageSplits = m.usageSplits();
        d.classCounts = m.classCounts();
        d.labelMapping = m.labelMapping();
        d.skipped = m.skipped();
        d.images = m.classCounts().values().stream().mapToInt(Integer::intValue).sum();
        d.createdAt = m.importedAt();
        d.persistAndFlush();
        return d;
    }

    /** Where sample {@code index} of class {@code label} of a dataset is kept in bucket {@code datasets}. */
    static String sampleKey(String datasetId, String label, int index) {
        return datasetId + "/samples/" + label + "/" + index;
    }

    private static int sampleIndex(List<DatasetImporter.Sample> all, DatasetImporter.Sample sample) {
        int index = 0;
        for (DatasetImporter.Sample s : all) {
            if (s == sample) {
                return index;
            }
            index += s.label().equals(sample.label()) ? 1 : 0;
        }
        return index;
    }

    /** The sample images kept for a dataset, as {@code label -> API paths}; empty for one imported before. */
    public Map<String, List<String>> samples(Dataset d) throws IOException {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (String key : store.list(Buckets.DATASETS, d.id + "/samples/")) {
            String[] parts = key.substring((d.id + "/samples/").length()).split("/");
            if (parts.length == 2) {
                out.computeIfAbsent(parts[0], k -> new java.util.ArrayList<>())
                        .add("/api/datasets/" + d.id + "/samples/" + parts[0] + "/" + parts[1]);
            }
        }
        out.values().forEach(java.util.Collections::sort);
        return out;
    }

    /** One sample image's bytes (PNG or JPEG, as imported); empty when there is none. */
    public Optional<byte[]> sample(String datasetId, String label, int index) throws IOException {
        String key = sampleKey(datasetId, label, index);
        return store.exists(Buckets.DATASETS, key) ? Optional.of(store.get(Buckets.DATASETS, key)) : Optional.empty();
    }

    public Optional<Dataset> find(String id) {
        return Dataset.findByIdOptional(id);
    }

    @Transactional
    public List<Dataset> list() {
        return Dataset.listAll(Sort.by("createdAt", Sort.Direction.Descending));
    }
}
