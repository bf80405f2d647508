package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.common.datasets.DatasetManifest.Problem;
import dev.ferlab.common.datasets.Fer2013Csv;
import dev.ferlab.common.datasets.ImageArchive;
import dev.ferlab.common.hash.Sha256;
import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.labels.LabelVocabulary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Checks a dataset and turns it into what is stored: canonical labels, a content hash, class counts, and the
 * bytes to keep. Every unusable file or row is a {@link Problem}; unless the request says to skip them, any problem
 * refuses the whole dataset and nothing is stored.
 */
public final class DatasetImporter {
    private static final Set<String> USAGES = Set.of("Training", "PublicTest", "PrivateTest");

    /** What to store: the manifest and the data object's file (the caller's to delete, where it made it). */
    public record Imported(DatasetManifest manifest, Path data, List<Sample> samples) {
    }

    /** A few images of a class, kept so that a dataset can be shown: the first ones met, as encoded files. */
    public record Sample(String label, String contentType, byte[] bytes) {
    }

    static final int SAMPLES_PER_CLASS = 4;

    private DatasetImporter() {
    }

    /** Told every {@value #PROGRESS_EVERY} files or rows how far the check is; total -1 while unknown. */
    @FunctionalInterface
    interface Progress {
        void at(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    static final int PROGRESS_EVERY = 100;

    /**
     * Images from a folder or zip, already listed ({@code problems} may hold listing problems), read one at a time
     * and written to {@code data} as the stored archive.
     */
    static Imported images(String id, ImportRequest request, List<ImageEntries.Entry> entries,
            List<Problem> problems, Path data, Progress progress) throws IOException {
        Map<String, EmotionLabel> mapping = mapping(request.labelMapping());
        Map<EmotionLabel, Integer> counts = new TreeMap<>();
        Set<String> seenFolders = entries.stream().map(ImageEntries.Entry::classFolder)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String folder : seenFolders) {
            if (label(folder, mapping) == null) {
                problems.add(new Problem(folder + "/", "class folder '" + folder + "' is not a known expression; "
                        + "map it with labelMapping, e.g. {\"" + folder + "\": \"happiness\"}; canonical labels: "
                        + canonicalLabels()));
            }
        }
        List<Sample> samples = new ArrayList<>();
        MessageDigest content = Sha256.digest();
        try (ImageArchive.Writer archive = new ImageArchive.Writer(new BufferedOutputStream(
                Files.newOutputStream(data)))) {
            int done = 0;
            for (ImageEntries.Entry e : entries) {
                if (done++ % PROGRESS_EVERY == 0) {
                    progress.at(done - 1, entries.size());
                }
                EmotionLabel label = label(e.classFolder(), mapping);
                if (label == null) {
                    continue;
                }
                byte[] bytes = e.bytes().read();
                if (!decodable(bytes)) {
                    problems.add(new Problem(e.path(), "not a decodable image"));
                    continue;
                }
                archive.add(label, e.file(), bytes);
                if (counts.merge(label, 1, Integer::sum) <= SAMPLES_PER_CLASS) {
                    samples.add(new Sample(label.canonical(), contentType(e.file()), bytes));
                }
                content.update((label.canonical() + "/" + e.file()).getBytes(StandardCharsets.UTF_8));
                content.update(Sha256.digest().digest(bytes));
            }
        }
        for (String folder : seenFolders) {
            EmotionLabel label = label(folder, mapping);
            if (label != null && !counts.containsKey(label)) {
                problems.add(new Problem(folder + "/", "class '" + folder + "' has no usable image"));
            }
        }
        return finish(id, request, DatasetManifest.IMAGE_FOLDER, counts, HexFormat.of().formatHex(content.digest()),
                problems, data, samples);
    }

    /** A FER2013-style CSV, read as a stream; the file is stored as it came. */
    static Imported csv(String id, ImportRequest request, Path csv, Progress progress) throws IOException {
        int[] rows = {0};
        List<Problem> problems = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        Map<EmotionLabel, Integer> counts = new TreeMap<>();
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(csv)), digest)) {
            Fer2013Csv.read(in, new Fer2013Csv.Visitor() {
                @Override
                public void row(Fer2013Csv.Row row) {
                    if (rows[0]++ % PROGRESS_EVERY == 0) {
                        progress.at(rows[0] - 1, -1);
                    }
                    if (request.usageSplits() && !USAGES.contains(row.usage())) {
                        problems.add(new Problem("line " + row.line(), "Usage '" + row.usage() + "' is not one of "
                                + USAGES + " (needed because usageSplits is on)"));
                        return;
                    }
                    if (counts.merge(row.label(), 1, Integer::sum) <= SAMPLES_PER_CLASS) {
                        samples.add(new Sample(row.label().canonical(), "image/png", png(row.pixels())));
                    }
                }

                @Override
                public void problem(Problem problem) {
                    problems.add(problem);
                }
            });
        } catch (IOException e) {
            throw new InvalidDatasetException(e.getMessage(), List.of(new Problem("upload", e.getMessage())));
        }
        String hash = HexFormat.of().formatHex(digest.digest()) + (request.usageSplits() ? "+usage" : "");
        return finish(id, request, DatasetManifest.FER2013_CSV, counts,
                Sha256.hex(hash), problems, csv, samples);
    }

    private static Imported finish(String id, ImportRequest request, String format, Map<EmotionLabel, Integer> counts,
            String hash, List<Problem> problems, Path data, List<Sample> samples) {
        if (!problems.isEmpty() && !request.skipInvalid()) {
            throw new InvalidDatasetException("dataset refused: " + problems.size() + " problem(s); fix them, or "
                    + "import with skipInvalid=true to leave those files out (they will be listed)", problems);
        }
        if (counts.size() < 2) {
            throw new InvalidDatasetException("dataset refused: " + counts.size()
                    + " usable class(es); a classifier needs at least 2", problems);
        }
        Map<String, Integer> byName = new LinkedHashMap<>();
        counts.forEach((label, n) -> byName.put(label.canonical(), n));
        return new Imported(new DatasetManifest(id, request.name(), format, hash, List.copyOf(byName.keySet()),
                byName, request.labelMapping() == null ? Map.of() : Map.copyOf(request.labelMapping()),
                request.usageSplits(), List.copyOf(problems), Instant.now()), data, List.copyOf(samples));
    }

    private static String contentType(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") ? "image/png" : lower.endsWith(".jpg") || lower.endsWith(".jpeg")
                ? "image/jpeg" : lower.endsWith(".bmp") ? "image/bmp" : "application/octet-stream";
    }

    /** A FER2013 row's 48x48 gray pixels as a PNG. */
    private static byte[] png(byte[] pixels) {
        int side = (int) Math.round(Math.sqrt(pixels.length));
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(side, side,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, side, side, pixels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /** The request's mapping, checked: every target must be a canonical label. */
    static Map<String, EmotionLabel> mapping(Map<String, String> requested) {
        Map<String, EmotionLabel> mapping = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (requested == null) {
            return mapping;
        }
        List<Problem> bad = new ArrayList<>();
        requested.forEach((from, to) -> EmotionLabel.fromCanonical(to == null ? "" : to.trim().toLowerCase())
                .ifPresentOrElse(label -> mapping.put(from, label), () -> bad.add(new Problem("labelMapping." + from,
                        "'" + to + "' is not a canonical label; use one of " + canonicalLabels()))));
        if (!bad.isEmpty()) {
            throw new InvalidDatasetException("invalid labelMapping", bad);
        }
        return mapping;
    }

    private static EmotionLabel label(String folder, Map<String, EmotionLabel> mapping) {
        EmotionLabel mapped = mapping.get(folder);
        return mapped != null ? mapped : LabelVocabulary.canonicalFor(folder).orElse(null);
    }

    private static boolean decodable(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes)) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String canonicalLabels() {
        return Arrays.stream(EmotionLabel.values()).map(EmotionLabel::canonical).collect(Collectors.joining(", "));
    }

}
