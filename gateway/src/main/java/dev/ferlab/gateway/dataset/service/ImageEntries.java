package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.datasets.DatasetManifest.Problem;
import dev.ferlab.common.datasets.ImageFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Lists the image files of a folder of class folders, or of a zip of one, as (class folder, file) with a way to read
 * each one's bytes. Only the list is held: bytes are read one file at a time, so memory does not grow with the
 * dataset.
 */
final class ImageEntries implements Closeable {
    private static final List<String> ARCHIVES = List.of(".zip", ".jar", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".7z",
            ".rar");

    /** Reads one file's bytes. */
    @FunctionalInterface
    interface Bytes {
        byte[] read() throws IOException;
    }

    record Entry(String classFolder, String file, Bytes bytes) {
        String path() {
            return classFolder + "/" + file;
        }
    }

    private final List<Entry> entries;
    private final Closeable source;

    private ImageEntries(List<Entry> entries, Closeable source) {
        this.entries = entries;
        this.source = source;
    }

    /** The image files, sorted by path; readable until closed. */
    List<Entry> entries() {
        return entries;
    }

    @Override
    public void close() throws IOException {
        if (source != null) {
            source.close();
        }
    }

    static ImageEntries fromFolder(Path root, List<Problem> problems) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new InvalidDatasetException("dataset path " + root + " does not exist or is not a folder",
                    List.of(new Problem(root.toString(), "not a folder the gateway can read")));
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                        String name = file.getFileName().toString();
                        if (ImageFiles.isImageName(name)) {
                            entries.add(new Entry(dir.getFileName().toString(), name, () -> Files.readAllBytes(file)));
                        } else if (!name.startsWith(".")) {
                            problems.add(new Problem(dir.getFileName() + "/" + name, "not an image file name ("
                                    + String.join(", ", ImageFiles.EXTENSIONS) + ")"));
                        }
                    }
                }
            }
        }
        return new ImageEntries(entries, null);
    }

    /**
     * A zip on disk, read from its central directory, never unpacked to disk. Named as problems: an entry whose path
     * leaves the archive root (absolute, or with {@code ..}), a symbolic link, an archive inside the archive. One
     * top-level folder holding the class folders is allowed and dropped. The limits are checked on the entry count
     * before the directory is read, on the sizes it declares, and on every entry as it is inflated.
     */
    static ImageEntries fromZip(Path zip, ArchiveLimits limits, List<Problem> problems) throws IOException {
        long archiveBytes = Files.size(zip);
        // The JDK's reader counts entries from the directory's bytes alone; commons-compress, which tells links
        // apart, builds an object per entry: a million tiny entries are refused before that.
        try (java.util.zip.ZipFile count = new java.util.zip.ZipFile(zip.toFile())) {
            limits.entries(count.size());
            if (count.size() == 0) {
                throw notAZip("no zip entries found");
            }
        } catch (ZipException e) {
            throw notAZip(e.getMessage());
        }
        ZipFile file = ZipFile.builder().setPath(zip).get();
        try {
            List<ZipArchiveEntry> files = new ArrayList<>();
            long declared = 0;
            for (ZipArchiveEntry e : java.util.Collections.list(file.getEntries())) {
                String name = e.getName().replace('\\', '/');
                if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || List.of(name.split("/")).contains("..")) {
                    problems.add(new Problem(e.getName(), "zip entry path leaves the archive root"));
                } else if (e.isUnixSymlink()) {
                    problems.add(new Problem(name, "a symbolic link: links are not followed; put the image itself "
                            + "in the archive"));
                } else if (!e.isDirectory() && !name.startsWith("__MACOSX/") && !name.contains("/.")) {
                    if (ARCHIVES.stream().anyMatch(name.toLowerCase(Locale.ROOT)::endsWith)) {
                        problems.add(new Problem(name, "an archive inside the archive: archives are not opened "
                                + "recursively; unpack it into class folders"));
                        continue;
                    }
                    limits.entry(name, e.getSize(), e.getCompressedSize());
                    declared += Math.max(e.getSize(), 0);
                    limits.total(declared, archiveBytes);
                    files.add(e);
                }
            }
            List<String[]> paths = files.stream().map(e -> e.getName().replace('\\', '/').split("/")).toList();
            boolean oneTopFolder = !paths.isEmpty() && paths.stream().allMatch(p -> p.length == 3)
                    && paths.stream().map(p -> p[0]).distinct().count() == 1;
            Inflated inflated = new Inflated(file, limits, archiveBytes);
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                String[] p = paths.get(i);
                int from = oneTopFolder ? 1 : 0;
                String joined = String.join("/", p);
                if (p.length - from != 2) {
                    problems.add(new Problem(joined, "not inside a class folder (expected <class>/<image>)"));
                } else if (!ImageFiles.isImageName(p[from + 1])) {
                    problems.add(new Problem(joined, "not an image file name ("
                            + String.join(", ", ImageFiles.EXTENSIONS) + ")"));
                } else {
                    ZipArchiveEntry e = files.get(i);
                    entries.add(new Entry(p[from], p[from + 1], () -> inflated.read(e)));
                }
            }
            entries.sort(Comparator.comparing(Entry::path));
            return new ImageEntries(entries, file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Reads entries, counting what they really inflate to: declared sizes can lie. */
    private static final class Inflated {
        private final ZipFile file;
        private final ArchiveLimits limits;
        private final long archiveBytes;
        private long total;

        Inflated(ZipFile file, ArchiveLimits limits, long archiveBytes) {
            this.file = file;
            this.limits = limits;
            this.archiveBytes = archiveBytes;
        }

        byte[] read(ZipArchiveEntry e) throws IOException {
            try (InputStream in = file.getInputStream(e)) {
                // One byte past the limit is enough to know it is past, and no more is ever held.
                byte[] bytes = in.readNBytes((int) Math.min(limits.maxEntryBytes() + 1, Integer.MAX_VALUE - 16));
                limits.entry(e.getName(), bytes.length, e.getCompressedSize());
                total += bytes.length;
                limits.total(total, archiveBytes);
                return bytes;
            }
        }
    }

    private static InvalidDatasetException notAZip(String why) {
        return new InvalidDatasetException("the upload is not a zip archive (or an empty one)",
                List.of(new Problem("upload", why == null ? "not a zip archive" : why)));
    }
}
