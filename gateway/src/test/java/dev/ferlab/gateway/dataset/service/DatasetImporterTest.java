package dev.ferlab.gateway.dataset.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.common.datasets.DatasetManifest.Problem;
import dev.ferlab.common.datasets.ImageArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input of a dataset import is named, with file and reason; nothing is half-accepted. */
class DatasetImporterTest {
    private static final ImportRequest STRICT = new ImportRequest("t", Map.of(), false, false, null);
    private static final ImportRequest SKIP = new ImportRequest("t", Map.of(), true, false, null);

    private static Path ck48() {
        Path dir = Path.of(System.getProperty("ferlab.datasets", "../../shared/datasets")).resolve("ck48");
        assertTrue(Files.isDirectory(dir), "test dataset missing: " + dir);
        return dir;
    }

    private static byte[] image(String folder) throws IOException {
        try (Stream<Path> files = Files.list(ck48().resolve(folder))) {
            return Files.readAllBytes(files.sorted().findFirst().orElseThrow());
        }
    }

    private static byte[] zip(Object... nameAndBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < nameAndBytes.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) nameAndBytes[i]));
                zip.write((byte[]) nameAndBytes[i + 1]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Generous limits: these tests are about content; ImageEntriesTest is about the limits. */
    static final ArchiveLimits LIMITS = new ArchiveLimits(1000, 1L << 20, 1L << 30, 100);

    @TempDir
    static Path temp;

    private static DatasetImporter.Imported fromZip(byte[] zip, ImportRequest request) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Path file = Files.createTempFile(temp, "upload-", ".zip");
        Files.write(file, zip);
        try (ImageEntries entries = ImageEntries.fromZip(file, LIMITS, problems)) {
            return DatasetImporter.images("id", request, entries.entries(), problems,
                    Files.createTempFile(temp, "data-", ".zip"), DatasetImporter.Progress.NONE);
        }
    }

    private static DatasetImporter.Imported fromFolder(Path folder, DatasetImporter.Progress progress)
            throws IOException {
        List<Problem> problems = new ArrayList<>();
        try (ImageEntries entries = ImageEntries.fromFolder(folder, problems)) {
            return DatasetImporter.images("id", STRICT, entries.entries(), problems,
                    Files.createTempFile(temp, "data-", ".zip"), progress);
        }
    }

    private static DatasetImporter.Imported csv(byte[] csv, ImportRequest request) throws IOException {
        Path file = Files.createTempFile(temp, "upload-", ".csv");
        Files.write(file, csv);
        return DatasetImporter.csv("id", request, file, DatasetImporter.Progress.NONE);
    }

    private static InvalidDatasetException refused(byte[] zip) {
        return assertThrows(InvalidDatasetException.class, () -> fromZip(zip, STRICT));
    }

    private static boolean names(InvalidDatasetException e, String file, String reason) {
        return e.problems().stream().anyMatch(p -> p.file().contains(file) && p.reason().contains(reason));
    }

    @Test
    void ck48FolderImportsWithCanonicalLabelsAndCounts() throws IOException {
        DatasetImporter.Imported imported = fromFolder(ck48(), DatasetImporter.Progress.NONE);
        DatasetManifest m = imported.manifest();
        assertEquals(List.of("anger", "contempt", "disgust", "fear", "happiness", "sadness", "surprise"), m.classes());
        assertEquals(207, m.classCounts().get("happiness"));
        assertEquals(981, m.classCounts().values().stream().mapToInt(Integer::intValue).sum());
        int[] stored = {0};
        ImageArchive.read(Files.newInputStream(imported.data()), (label, name, bytes) -> stored[0]++);
        assertEquals(981, stored[0]);
    }

    @Test
    void progressIsReportedAsFilesAreChecked() throws IOException {
        List<int[]> reports = new ArrayList<>();
        fromFolder(ck48(), (done, total) -> reports.add(new int[] {done, total}));
        assertEquals(10, reports.size(), "every 100 of 981 files");
        assertEquals(0, reports.get(0)[0]);
        assertEquals(900, reports.get(9)[0]);
        assertTrue(reports.stream().allMatch(r -> r[1] == 981));
    }

    @Test
    void aZipEntryLeavingTheArchiveRootIsNamed() throws IOException {
        InvalidDatasetException e = refused(zip("happy/a.png", image("happy"), "fear/b.png", image("fear"),
                "../../etc/evil.png", image("fear")));
        assertTrue(names(e, "../../etc/evil.png", "leaves the archive root"), e.problems().toString());
    }

    @Test
    void aFileThatIsNotAnImageIsNamed() throws IOException {
        InvalidDatasetException e = refused(zip("happy/a.png", image("happy"), "fear/b.png", image("fear"),
                "fear/broken.png", "not an image".getBytes()));
        assertTrue(names(e, "fear/broken.png", "not a decodable image"), e.problems().toString());
    }

    @Test
    void anUnknownLabelIsNamedAndCanBeMapped() throws IOException {
        byte[] z = zip("happy/a.png", image("happy"), "glee/b.png", image("happy"), "fear/c.png", image("fear"));
        InvalidDatasetException e = refused(z);
        assertTrue(names(e, "glee/", "not a known expression"), e.problems().toString());
        DatasetManifest mapped = fromZip(z, new ImportRequest("t", Map.of("glee", "happiness"), false, false, null))
                .manifest();
        assertEquals(2, mapped.classCounts().get("happiness"));
        InvalidDatasetException bad = assertThrows(InvalidDatasetException.class,
                () -> fromZip(z, new ImportRequest("t", Map.of("glee", "joy"), false, false, null)));
        assertTrue(names(bad, "labelMapping.glee", "not a canonical label"), bad.problems().toString());
    }

    @Test
    void anEmptyClassIsNamed() throws IOException {
        InvalidDatasetException e = refused(zip("happy/a.png", image("happy"), "fear/b.png", image("fear"),
                "sad/broken.png", "x".getBytes()));
        assertTrue(names(e, "sad/", "no usable image"), e.problems().toString());
    }

    @Test
    void skipInvalidLeavesBadFilesOutAndListsThem() throws IOException {
        DatasetManifest m = fromZip(zip("data/happy/a.png", image("happy"), "data/fear/b.png", image("fear"),
                "data/fear/broken.png", "x".getBytes()), SKIP).manifest();
        assertEquals(Map.of("fear", 1, "happiness", 1), m.classCounts());
        assertEquals(1, m.skipped().size());
        assertTrue(m.skipped().get(0).file().contains("broken.png"));
    }

    @Test
    void aCsvRowOfTheWrongLengthIsNamedByLine() throws IOException {
        String good = "0," + "1 ".repeat(2303) + "1,Training\n";
        String shortRow = "3," + "1 ".repeat(2302) + "1,Training\n";
        byte[] csv = ("emotion,pixels,Usage\n" + good + shortRow + good.replace("0,", "3,")).getBytes();
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class,
                () -> csv(csv, STRICT));
        assertTrue(names(e, "line 3", "2303 pixel values, expected 2304"), e.problems().toString());
        DatasetManifest skipped = csv(csv, SKIP).manifest();
        assertEquals(Map.of("anger", 1, "happiness", 1), skipped.classCounts());
        assertEquals(List.of(new Problem("line 3", "2303 pixel values, expected 2304 (48x48)")), skipped.skipped());
    }

    @Test
    void theContentHashFollowsContentAndLabels() throws IOException {
        byte[] z = zip("happy/a.png", image("happy"), "fear/b.png", image("fear"));
        String hash = fromZip(z, STRICT).manifest().contentHash();
        assertEquals(hash, fromZip(zip("top/happy/a.png", image("happy"), "top/fear/b.png", image("fear")), STRICT)
                .manifest().contentHash(), "a top-level folder does not change the content");
        assertNotEquals(hash, fromZip(zip("happy/a.png", image("happy"), "fear/b.png", image("sadness")), STRICT)
                .manifest().contentHash());
    }
}
