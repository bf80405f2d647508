package dev.ferlab.gateway.rest;

import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A request body written to a temporary file as it arrives, so that the gateway's heap does not grow with uploads
 * (datasets, pretrained weights: up to FERLAB_MAX_UPLOAD); the file is deleted on close.
 */
public final class SpooledUpload implements AutoCloseable {
    private final Path file;

    private SpooledUpload(Path file) {
        this.file = file;
    }

    /** Spools the body; an empty one is a 400 saying what the body must be. */
    public static SpooledUpload of(InputStream body, String suffix, String expected) throws IOException {
        Path file = Files.createTempFile("ferlab-upload-", suffix);
        try (InputStream in = body) {
            if (in == null || Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING) == 0) {
                throw new InvalidSpecException(List.of(new FieldError("body", expected + " is required")));
            }
            return new SpooledUpload(file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** For a job that ends on a thread of its own, with nobody to tell of a failure to delete. */
    public void deleteQuietly() {
        try {
            close();
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
