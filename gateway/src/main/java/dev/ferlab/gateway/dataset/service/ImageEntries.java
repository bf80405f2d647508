package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.datasets.DatasetManifest.Problem;
import dev.ferlab.common.datasets.ImageFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Lists the image files of a folder of class folders, or of a zip of one, as (class folder, file, bytes). */
final class ImageEntries {

    record Entry(String classFolder, String file, byte[] bytes) {
        String path() {
            return classFolder + "/" + file;
        }
    }

    private ImageEntries() {
    }

    static List<Entry> fromFolder(Path root, List<Problem> problems) throws IOException {
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
                            entries.add(new Entry(dir.getFileName().toString(), name, Files.readAllBytes(file)));
                        } else if (!name.startsWith(".")) {
                            problems.add(new Problem(dir.getFileName() + "/" + name, "not an image file name ("
                                    + String.join(", ", ImageFiles.EXTENSIONS) + ")"));
                        }
                    }
                }
            }
        }
        return entries;
    }

    /**
     * Reads a zip in memory, never onto disk. An entry whose path leaves the archive root (absolute, or with
     * {@code ..}) is a problem, named. One top-level folder holding the class folders is allowed and dropped.
     */
    static List<Entry> fromZip(byte[] zip, List<Problem> problems) throws IOException {
        List<String[]> paths = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            boolean any = false;
            while ((entry = in.getNextEntry()) != null) {
                any = true;
                String name = entry.getName().replace('\\', '/');
                if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || List.of(name.split("/")).contains("..")) {
                    problems.add(new Problem(entry.getName(), "zip entry path leaves the archive root"));
                    continue;
                }
                if (entry.isDirectory() || name.startsWith("__MACOSX/") || name.contains("/.")) {
                    continue;
                }
                paths.add(name.split("/"));
                contents.add(in.readAllBytes());
            }
            if (!any) {
                throw new InvalidDatasetException("the upload is not a zip archive (or an empty one)",
                        List.of(new Problem("upload", "no zip entries found")));
            }
        }
        boolean oneTopFolder = !paths.isEmpty() && paths.stream().allMatch(p -> p.length == 3)
                && paths.stream().map(p -> p[0]).distinct().count() == 1;
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String[] p = paths.get(i);
            int from = oneTopFolder ? 1 : 0;
            String joined = String.join("/", p);
            if (p.length - from != 2) {
                problems.add(new Problem(joined, "not inside a class folder (expected <class>/<image>)"));
            } else if (!ImageFiles.isImageName(p[from + 1])) {
                problems.add(new Problem(joined, "not an image file name (" + String.join(", ", ImageFiles.EXTENSIONS)
                        + ")"));
            } else {
                entries.add(new Entry(p[from], p[from + 1], contents.get(i)));
            }
        }
        entries.sort(Comparator.comparing(Entry::path));
        return entries;
    }

}
