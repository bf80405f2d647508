package dev.ferlab.common.datasets;

import dev.ferlab.common.labels.EmotionLabel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * How an imported image dataset is stored: one zip whose entries are {@code <canonical label>/<file name>} with
 * the original file bytes, stored uncompressed (images are compressed already).
 */
public final class ImageArchive {
    private ImageArchive() {
    }

    /** Receives each stored image. */
    public interface Visitor {
        void image(EmotionLabel label, String name, byte[] encoded) throws IOException;
    }

    /** Writes entries one at a time; the caller closes it. */
    public static final class Writer implements AutoCloseable {
        private final ZipOutputStream zip;

        public Writer(OutputStream out) {
            this.zip = new ZipOutputStream(out);
            zip.setLevel(0);
        }

        public void add(EmotionLabel label, String name, byte[] encoded) throws IOException {
            zip.putNextEntry(new ZipEntry(label.canonical() + "/" + name));
            zip.write(encoded);
            zip.closeEntry();
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    public static void read(InputStream in, Visitor visitor) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String path = entry.getName();
                int slash = path.indexOf('/');
                EmotionLabel label = slash < 0 ? null
                        : EmotionLabel.fromCanonical(path.substring(0, slash)).orElse(null);
                if (label == null) {
                    throw new IOException("stored dataset entry '" + path + "' is not <canonical label>/<file>");
                }
                visitor.image(label, path.substring(slash + 1), zip.readAllBytes());
            }
        }
    }
}
