package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.common.datasets.Fer2013Csv;
import dev.ferlab.common.datasets.ImageArchive;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.preprocess.image.BatchDecoder;
import dev.ferlab.preprocess.image.GrayImages;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.jboss.logging.Logger;

/**
 * A dataset registered through the gateway ({@code dataset:<id>}): its manifest and data from bucket
 * {@code datasets}. Rows or files the import skipped are skipped again, silently: they are listed in the manifest.
 * The manifest always comes from the store (a dataset gone from it fails); the data from a local copy when the
 * {@link DatasetCache} has one.
 */
public final class StoredDatasetSource implements DatasetSource {
    private static final Logger LOG = Logger.getLogger(StoredDatasetSource.class);
    private static final Map<String, Split> USAGE = Map.of("Training", Split.TRAIN, "PublicTest", Split.VALIDATION,
            "PrivateTest", Split.TEST);
    private final ObjectStore store;
    private final String datasetId;
    private final DatasetCache cache;
    private DatasetManifest manifest;

    /** @param cache local copies of stored data; the manifest is read from the store every time all the same */
    public StoredDatasetSource(ObjectStore store, String datasetId, DatasetCache cache) {
        this.store = store;
        this.datasetId = datasetId;
        this.cache = cache;
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
        String dataKey = m.dataKey();
        Optional<Path> local = cache.fileOf(datasetId, m.contentHash(),
                dataKey.substring(dataKey.lastIndexOf('/') + 1));
        long start = System.nanoTime();
        Optional<InputStream> copy = cache.open(local);
        if (copy.isPresent()) {
            try (InputStream in = copy.get()) {
                List<LabeledImage> images = read(m, in, size);
                int registered = m.classCounts().values().stream().mapToInt(Integer::intValue).sum();
                if (images.size() != registered) {
                    // A zip cut at an entry's end reads as a shorter dataset, without an error.
                    throw new IOException(images.size() + " images, where the dataset has " + registered);
                }
                // The same line as a load from the store, with no wait: benchmarks/scale.py reads both.
                LOG.infof("dataset %s: its local copy read in %.3f s of loading, 0.000 s of it waiting on the store",
                        datasetId, (System.nanoTime() - start) / 1e9);
                return images;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                // A damaged copy costs a read from the store, not the experiment; a fault of the data fails there.
                LOG.warnf("dataset %s: local copy %s unreadable (%s); removed, reading the object store", datasetId,
                        local.get(), e.getMessage());
                cache.remove(local.get());
                start = System.nanoTime();
            }
        }
        try (WaitTimedStream timed = new WaitTimedStream(store.open(Buckets.DATASETS, dataKey), start);
                DatasetCache.Recording in = cache.record(timed, local)) {
            // The readers close what they read: the recording is closed here, after it is kept.
            List<LabeledImage> images = read(m, CloseShieldInputStream.wrap(in), size);
            in.keep();
            // The loading step's share spent waiting on the object store (the request, then every read of its
            // stream): benchmarks/scale.py sets it beside the step's seconds, to tell the store's cost from the code's.
            LOG.infof("dataset %s: %d bytes read from the object store in %.3f s of loading, %.3f s of it waiting"
                    + " on the store", datasetId, timed.bytes, (System.nanoTime() - start) / 1e9,
                    timed.waitedNanos / 1e9);
            return images;
        }
    }

    private static List<LabeledImage> read(DatasetManifest m, InputStream in, int size) throws IOException {
        List<LabeledImage> images = new ArrayList<>();
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
        return images;
    }

    /** Counts the bytes of a stream and the time its reader waited in it, from the request that opened it. */
    private static final class WaitTimedStream extends FilterInputStream {
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
