package dev.ferlab.preprocess.dataset;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Local copies of stored datasets' data on disk, one file per dataset id and content hash. A registered dataset never
 * changes, and a grid preprocesses the same one once per variant and seed: every load after the first reads a local
 * file instead of the object store's stream (README, "Cost as the work grows"). The copy is made while the first load
 * reads the store, not by a download before it. A copy appears under its name only complete (written beside it, then
 * moved), so a reader never meets half a dataset. The least recently used copies go once all of them pass the bound;
 * a dataset larger than the bound is never kept. A failure of the cache (a full disk) only costs the next load a read
 * from the store.
 */
public final class DatasetCache {
    private static final Logger LOG = Logger.getLogger(DatasetCache.class);
    private static final String PART = ".part";
    /** Dataset ids and content hashes are UUIDs and hex; anything else is read from the store, never kept. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_+.-]{1,200}");
    /** A partial copy this old was left by a process that died while writing it. */
    private static final Duration STALE_PART = Duration.ofHours(1);

    private final Path dir;
    private final long maxBytes;

    /** @param maxBytes the most all copies may take together; 0 keeps none */
    public DatasetCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        if (enabled()) {
            removeStaleParts();
        }
    }

    public boolean enabled() {
        return maxBytes > 0;
    }

    /** The file a dataset's data is kept in, or empty when it cannot be kept (the cache is off, or odd names). */
    Optional<Path> fileOf(String datasetId, String contentHash, String dataFile) {
        if (!enabled() || !SAFE.matcher(datasetId).matches() || !SAFE.matcher(contentHash).matches()
                || !SAFE.matcher(dataFile).matches()) {
            return Optional.empty();
        }
        return Optional.of(dir.resolve(datasetId + "-" + contentHash + "-" + dataFile));
    }

    /** An open stream on the local copy, marked as just used; empty when there is none (or it just went). */
    public Optional<InputStream> open(Optional<Path> file) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file.get()), 1 << 16);
            try {
                Files.setLastModifiedTime(file.get(), FileTime.from(Instant.now()));
            } catch (IOException e) {
                LOG.debugf("could not mark %s as used: %s", file.get(), e.getMessage());
            }
            return Optional.of(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("local copy %s unreadable, reading the object store instead: %s", file.get(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Deletes a copy found damaged. */
    void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot remove %s: %s", file, e.getMessage());
        }
    }

    /**
     * The store's stream, copied to {@code file} as it is read. Once the reader is done, {@link Recording#keep}
     * reads what it left (a zip's central directory), and keeps the copy; closing without it keeps nothing.
     */
    public Recording record(InputStream store, Optional<Path> file) {
        return new Recording(store, file.orElse(null));
    }

    /** A stream that copies what is read from it to a partial file, and keeps that file once complete. */
    public final class Recording extends FilterInputStream {
        private final Path file;
        private Path part;
        private OutputStream copy;
        private long copied;
        private boolean kept;

        private Recording(InputStream in, Path file) {
            super(in);
            this.file = file;
            if (file != null) {
                try {
                    Files.createDirectories(dir);
                    part = Files.createTempFile(dir, file.getFileName().toString() + "-", PART);
                    copy = Files.newOutputStream(part);
                } catch (IOException e) {
                    abandon("cannot start a local copy", e);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && copy != null) {
                write(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && copy != null) {
                write(buffer, offset, n);
            }
            return n;
        }

        /** Skipped bytes are read, so that they are copied too. */
        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(Math.max(n, 0), 1 << 16)];
            int read = n > 0 ? read(skipped, 0, skipped.length) : 0;
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void write(byte[] buffer, int offset, int n) {
            copied += n;
            if (copied > maxBytes) {
                abandon("larger than the cache's bound of " + maxBytes + " bytes (ferlab.preprocess.dataset-cache"
                        + ".max-size)", null);
                return;
            }
            try {
                copy.write(buffer, offset, n);
            } catch (IOException e) {
                abandon("cannot write the local copy", e);
            }
        }

        /**
         * Reads the stream to its end and keeps the copy under its name. Call it after a load that succeeded: what
         * the reader left unread is read here, so the copy is the whole object. Never fails the load: a copy that
         * cannot be finished is dropped.
         */
        public void keep() {
            if (copy == null) {
                return;
            }
            byte[] rest = new byte[1 << 16];
            try {
                while (read(rest, 0, rest.length) >= 0) {
                    // Copied by read.
                }
            } catch (IOException e) {
                abandon("cannot read the rest of the object", e);
            }
            if (copy == null) {
                return;
            }
            try {
                copy.close();
                copy = null;
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                kept = true;
                LOG.infof("dataset data kept locally as %s (%d bytes)", file, copied);
            } catch (IOException e) {
                abandon("cannot keep the local copy", e);
                return;
            }
            evict(file);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                if (!kept) {
                    abandon(null, null);
                }
            }
        }

        private void abandon(String why, IOException cause) {
            if (why != null) {
                LOG.warnf("dataset data not kept locally (%s)%s", why, cause == null ? "" : ": " + cause.getMessage());
            }
            if (copy != null) {
                try {
                    copy.close();
                } catch (IOException e) {
                    // Deleted next.
                }
                copy = null;
            }
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    LOG.debugf("could not delete %s: %s", part, e.getMessage());
                }
                part = null;
            }
        }
    }

    /** Deletes the least recently used copies, never {@code keep}, until all of them fit the bound. */
    private synchronized void evict(Path keep) {
        record Copy(Path path, long size, FileTime used) {
        }
        List<Copy> copies = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (p.getFileName().toString().endsWith(PART)) {
                    continue;
                }
                try {
                    Copy c = new Copy(p, Files.size(p), Files.getLastModifiedTime(p));
                    copies.add(c);
                    total += c.size();
                } catch (NoSuchFileException e) {
                    // Gone meanwhile.
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot list the dataset cache %s: %s", dir, e.getMessage());
            return;
        }
        copies.sort(Comparator.comparing(Copy::used));
        for (Copy c : copies) {
            if (total <= maxBytes) {
                break;
            }
            if (c.path().equals(keep)) {
                continue;
            }
            try {
                // A load reading it goes on: the file stays readable until closed.
                Files.deleteIfExists(c.path());
                total -= c.size();
                LOG.infof("local dataset copy %s removed (least recently used; the cache's bound is %d bytes)",
                        c.path(), maxBytes);
            } catch (IOException e) {
                LOG.warnf("cannot remove %s: %s", c.path(), e.getMessage());
            }
        }
    }

    private void removeStaleParts() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant before = Instant.now().minus(STALE_PART);
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*" + PART)) {
            for (Path p : parts) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot tidy the dataset cache %s: %s", dir, e.getMessage());
        }
    }
}
