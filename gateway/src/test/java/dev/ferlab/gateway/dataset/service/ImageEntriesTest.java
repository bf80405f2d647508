package dev.ferlab.gateway.dataset.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.datasets.DatasetManifest.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset archive past a limit is refused naming the limit and its setting; odd entries are named. */
class ImageEntriesTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path temp;

    /** A zip of entries whose content is {@code size} zero bytes each (zeros deflate about a thousandfold). */
    private Path zeros(String name, int entries, int size) throws IOException {
        Path file = temp.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            byte[] chunk = new byte[Math.min(size, MIB)];
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("happy/" + i + ".png"));
                for (int left = size; left > 0; left -= chunk.length) {
                    zip.write(chunk, 0, Math.min(left, chunk.length));
                }
                zip.closeEntry();
            }
        }
        return file;
    }

    private static InvalidDatasetException refused(Path zip, ArchiveLimits limits) {
        return assertThrows(InvalidDatasetException.class, () -> {
            try (ImageEntries entries = ImageEntries.fromZip(zip, limits, new ArrayList<>())) {
                for (ImageEntries.Entry e : entries.entries()) {
                    e.bytes().read();
                }
            }
        });
    }

    private static void namesSetting(InvalidDatasetException e, String property, String env) {
        String said = e.getMessage() + " " + e.problems();
        assertTrue(said.contains(property) && said.contains(env), said);
    }

    @Test
    void aZipBombIsRefusedByItsRatioBeforeAnythingIsInflated() throws IOException {
        Path bomb = zeros("bomb.zip", 1, 64 * MIB);
        assertTrue(Files.size(bomb) < 100_000, "64 MiB in " + Files.size(bomb) + " bytes");
        InvalidDatasetException e = refused(bomb, new ArchiveLimits(1000, 1L << 30, 1L << 30, 100));
        namesSetting(e, "ferlab.gateway.imports.max-ratio", "FERLAB_GATEWAY_IMPORTS_MAX_RATIO");
        assertTrue(e.getMessage().contains("happy/0.png"), e.getMessage());
    }

    @Test
    void entriesInflatingPastTheTotalAreRefused() throws IOException {
        InvalidDatasetException e = refused(zeros("total.zip", 5, 16 * MIB),
                new ArchiveLimits(1000, 1L << 30, 64L * MIB, 100_000));
        namesSetting(e, "ferlab.gateway.imports.max-inflated-size", "FERLAB_GATEWAY_IMPORTS_MAX_INFLATED_SIZE");
        assertTrue(e.getMessage().contains("64 MiB"), e.getMessage());
    }

    @Test
    void anEntryPastTheEntryLimitIsRefused() throws IOException {
        InvalidDatasetException e = refused(zeros("entry.zip", 1, 2 * MIB), new ArchiveLimits(1000, MIB, 1L << 30,
                100_000));
        namesSetting(e, "ferlab.gateway.imports.max-entry-size", "FERLAB_GATEWAY_IMPORTS_MAX_ENTRY_SIZE");
    }

    @Test
    void aDirectoryThatUnderstatesSizesIsCaughtWhileInflating() throws IOException {
        Path zip = zeros("liar.zip", 1, 4 * MIB);
        // The central directory's "uncompressed size" of the one entry, rewritten to 1,000 bytes.
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int cen = -1;
        for (int i = bytes.length - 22; i >= 0 && cen < 0; i--) {
            cen = b.getInt(i) == 0x02014b50 ? i : -1;
        }
        b.putInt(cen + 24, 1000);
        Files.write(zip, bytes);
        List<Problem> problems = new ArrayList<>();
        ArchiveLimits limits = new ArchiveLimits(1000, MIB, 1L << 30, 100_000);
        try (ImageEntries entries = ImageEntries.fromZip(zip, limits, problems)) {
            assertEquals(1, entries.entries().size(), "the declared sizes pass");
            InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                    () -> entries.entries().get(0).bytes().read());
            namesSetting(e, "ferlab.gateway.imports.max-entry-size", "FERLAB_GATEWAY_IMPORTS_MAX_ENTRY_SIZE");
        }
    }

    @Test
    void aMillionTinyEntriesAreRefusedFromTheCount() throws IOException {
        Path file = temp.resolve("million.zip");
        try (ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file),
                1 << 16))) {
            zip.setLevel(0);
            for (int i = 0; i < 1_000_000; i++) {
                zip.putNextEntry(new ZipEntry("happy/" + i + ".png"));
                zip.closeEntry();
            }
        }
        long start = System.nanoTime();
        InvalidDatasetException e = refused(file, new ArchiveLimits(300_000, 32L * MIB, 1L << 32, 100));
        namesSetting(e, "ferlab.gateway.imports.max-entries", "FERLAB_GATEWAY_IMPORTS_MAX_ENTRIES");
        assertTrue(e.getMessage().contains("1000000 entries"), e.getMessage());
        System.out.printf("a million entries refused in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    void symbolicLinksAndNestedArchivesAreNamedNotFollowed() throws IOException {
        Path file = temp.resolve("odd.zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            ZipArchiveEntry link = new ZipArchiveEntry("happy/link.png");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write("../../../etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry("happy/inner.zip"));
            zip.write(new byte[] {'P', 'K', 5, 6});
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry("fear/inner.tar.gz"));
            zip.write(new byte[] {0x1f, (byte) 0x8b});
            zip.closeArchiveEntry();
        }
        List<Problem> problems = new ArrayList<>();
        try (ImageEntries entries = ImageEntries.fromZip(file, new ArchiveLimits(1000, MIB, 1L << 30, 100),
                problems)) {
            assertEquals(List.of(), entries.entries(), "nothing to read");
        }
        assertTrue(problems.contains(new Problem("happy/link.png",
                "a symbolic link: links are not followed; put the image itself in the archive")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.file().equals("happy/inner.zip")
                && p.reason().contains("archive inside the archive")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.file().equals("fear/inner.tar.gz")
                && p.reason().contains("archive inside the archive")), problems.toString());
    }

    @Test
    void somethingElseThanAZipIsNamed() throws IOException {
        Path file = temp.resolve("not.zip");
        Files.writeString(file, "emotion,pixels,Usage\n");
        InvalidDatasetException e = refused(file, new ArchiveLimits(1000, MIB, 1L << 30, 100));
        assertTrue(e.getMessage().contains("not a zip archive"), e.getMessage());
    }
}
