package dev.ferlab.preprocess.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preprocessor's local copies of stored datasets: made while the store is read, complete or not at all. */
class DatasetCacheTest {
    @TempDir
    Path dir;

    private static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads {@code first} bytes as a reader that stops early would (a zip reader leaves the central directory). */
    private static byte[] readSome(InputStream in, int first) throws IOException {
        return in.readNBytes(first);
    }

    private Optional<Path> load(DatasetCache cache, String id, byte[] stored, int readByReader) throws IOException {
        Optional<Path> file = cache.fileOf(id, "abc123", "images.zip");
        try (DatasetCache.Recording in = cache.record(new ByteArrayInputStream(stored), file)) {
            assertArrayEquals(java.util.Arrays.copyOf(stored, readByReader), readSome(in, readByReader));
            in.keep();
        }
        return file;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void theWholeObjectIsKeptEvenWhereTheReaderStoppedEarlyAndIsReadBack() throws IOException {
        DatasetCache cache = new DatasetCache(dir, 1 << 20);
        byte[] stored = data(200_000, 1);
        Optional<Path> file = load(cache, "d1", stored, 150_000);
        assertTrue(file.isPresent());
        assertEquals(List.of(file.get()), files(), "one complete copy, no partial file left");
        try (InputStream copy = cache.open(file).orElseThrow()) {
            assertArrayEquals(stored, copy.readAllBytes());
        }
    }

    @Test
    void aLoadThatEndsWithoutKeepLeavesNothing() throws IOException {
        DatasetCache cache = new DatasetCache(dir, 1 << 20);
        Optional<Path> file = cache.fileOf("d1", "abc123", "images.zip");
        try (DatasetCache.Recording in = cache.record(new ByteArrayInputStream(data(50_000, 2)), file)) {
            readSome(in, 10_000);
            // The reader failed here: no keep().
        }
        assertEquals(List.of(), files());
        assertTrue(cache.open(file).isEmpty(), "no copy: the next load reads the store");
    }

    @Test
    void aDatasetLargerThanTheBoundIsReadWholeAndNotKept() throws IOException {
        DatasetCache cache = new DatasetCache(dir, 100_000);
        byte[] stored = data(150_000, 3);
        Optional<Path> file = cache.fileOf("big", "abc123", "images.zip");
        try (DatasetCache.Recording in = cache.record(new ByteArrayInputStream(stored), file)) {
            assertArrayEquals(stored, in.readAllBytes(), "the reader still gets every byte");
            in.keep();
        }
        assertEquals(List.of(), files());
    }

    @Test
    void theLeastRecentlyUsedCopiesGoOnceAllPassTheBound() throws IOException {
        DatasetCache cache = new DatasetCache(dir, 250_000);
        Path a = load(cache, "a", data(100_000, 4), 100_000).orElseThrow();
        Path b = load(cache, "b", data(100_000, 5), 100_000).orElseThrow();
        Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(b, FileTime.from(Instant.now().minusSeconds(30)));
        // a is used again: b is now the least recently used.
        cache.open(Optional.of(a)).orElseThrow().close();
        Path c = load(cache, "c", data(100_000, 6), 100_000).orElseThrow();
        assertEquals(List.of(a, c), files());
    }

    @Test
    void switchedOffOrWithAnOddNameNothingIsKept() throws IOException {
        assertFalse(new DatasetCache(dir, 0).fileOf("d1", "abc123", "images.zip").isPresent());
        DatasetCache cache = new DatasetCache(dir, 1 << 20);
        assertFalse(cache.fileOf("../d1", "abc123", "images.zip").isPresent());
        assertFalse(cache.fileOf("d1", "abc/123", "images.zip").isPresent());
        byte[] stored = data(1_000, 7);
        try (DatasetCache.Recording in = cache.record(new ByteArrayInputStream(stored), Optional.empty())) {
            assertArrayEquals(stored, in.readAllBytes());
            in.keep();
        }
        assertEquals(List.of(), files());
    }

    @Test
    void aPartialCopyLeftByADeadProcessIsRemovedAtStartAndAFreshOneIsNot() throws IOException {
        Path stale = Files.writeString(dir.resolve("d1-abc123-images.zip-1.part"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
        Path fresh = Files.writeString(dir.resolve("d2-abc123-images.zip-2.part"), "being written");
        new DatasetCache(dir, 1 << 20);
        assertEquals(List.of(fresh), files());
    }
}
