package dev.ferlab.common.messaging;

/**
 * The preprocessor has reached {@code step} ({@code done} of {@code total} steps) of an experiment's data
 * preparation; the gateway turns it into a progress bar.
 */
public record PreprocessingProgress(String experimentId, String step, int done, int total) {
}
