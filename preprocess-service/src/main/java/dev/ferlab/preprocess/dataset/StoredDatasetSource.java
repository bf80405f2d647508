package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.common.datasets.Fer2013Csv;
import dev.ferlab.common.datasets.ImageArchive;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.preprocess.image.BatchDecoder;
import dev.ferlab.preprocess.image.GrayImages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A dataset registered through the gateway ({@code dataset:<id>}): its manifest and data from bucket
 * {@code datasets}. Rows or files the import skipped are skipped again, silently: they are listed in the manifest.
 */
public final class StoredDatasetSource implements DatasetSource {
    private static final Logger LOG = Logger.getLogger(StoredDatasetSource.class);
    private static final Map<String, Split> USAGE = Map.of("Training", Split.TRAIN, "PublicTest", Split.VALIDATION,
            "PrivateTest", Split.TEST);
    private final ObjectStore store;
    private final String datasetId;
    private DatasetManifest manifest;

    public StoredDatasetSource(ObjectStore store, String datasetId) {
        this.store = store;
        this.datasetId = datasetId;
    }

    private DatasetManifest manifest() throws IOException {
        if (manifest == null) {
            String key = DatasetManifest.manifestKey(datasetId);
            if (!store.exists(Buckets.DATASETS, key)) {
                throw new IOException("dataset " + datasetId + " is not registered (no datasets/" + key
                        + "); register it with POST /api/datasets");
            }
            manifest = store.getJson(Buckets.DATASETS, key, DatasetManifest.class);
        }
        return manifest;
    }

    @Override
    public String contentHash() throws IOException {
        return manifest().contentHash();
    }

    @Override
    public List<LabeledImage> load(int size) throws IOException {
        DatasetManifest m = manifest();
        List<LabeledImage> images = new ArrayList<>();
        long start = System.nanoTime();
        try (WaitTimedStream in = new WaitTimedStream(store.open(Buckets.DATASETS, m.dataKey()), start)) {
            if (DatasetManifest.FER2013_CSV.equals(m.format())) {
                Fer2013Csv.read(in, new Fer2013Csv.Visitor() {
                    @Override
                    public void row(Fer2013Csv.Row row) {
                        Split preset = m.usageSplits() ? USAGE.get(row.usage()) : null;
                        if (m.usageSplits() && preset == null) {
                            return;
                        }
                        images.add(new LabeledImage(row.label(), "line " + row.line(),
                                GrayImages.resize(row.pixels(), Fer2013Csv.SIDE, Fer2013Csv.SIDE, size), preset));
                    }

                    @Override
                    public void problem(DatasetManifest.Problem problem) {
                        // Refused or listed as skipped at import.
                    }
                });
            } else {
                try (BatchDecoder decoder = new BatchDecoder(size, images)) {
                    ImageArchive.read(in, (label, name, encoded) -> decoder.add(label, label.canonical() + "/" + name,
                            encoded));
                    decoder.flush();
                }
            }
            // The loading step's share spent waiting on the object store (the request, then every read of its
            // stream): benchmarks/scale.py sets it beside the step's seconds, to tell the store's cost from the code's.
            LOG.infof("dataset %s: %d bytes read from the object store in %.3f s of loading, %.3f s of it waiting"
                    + " on the store", datasetId, in.bytes, (System.nanoTime() - start) / 1e9, in.waitedNanos / 1e9);
        }
        return images;
    }

    /** Counts the bytes of a stream and the time its reader waited in it, from the request that opened it. */
    private static final class WaitTimedStream extends java.io.FilterInputStream {
        long waitedNanos;
        long bytes;

        WaitTimedStream(InputStream in, long openedAt) {
            super(in);
            waitedNanos = System.nanoTime() - openedAt;
        }

        @Override
        public int read() throws IOException {
            long t = System.nanoTime();
            int b = super.read();
            waitedNanos += System.nanoTime() - t;
            bytes += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long t = System.nanoTime();
            int n = super.read(buffer, offset, length);
            waitedNanos += System.nanoTime() - t;
            bytes += Math.max(n, 0);
            return n;
        }
    }
}
