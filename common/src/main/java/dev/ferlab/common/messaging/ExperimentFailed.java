package dev.ferlab.common.messaging;

import java.time.Instant;

/** An experiment cannot go on: {@code reason} says what to fix. */
public record ExperimentFailed(String experimentId, Stage stage, String reason, Instant failedAt) {

    public static ExperimentFailed of(String experimentId, Stage stage, Throwable error) {
        return new ExperimentFailed(experimentId, stage, readableReason(error), Instant.now());
    }

    /** The innermost message worth showing a user; class names only when nothing better exists. */
    public static String readableReason(Throwable error) {
        Throwable t = error;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                if (t instanceof IllegalArgumentException || t instanceof java.io.IOException
                        || t instanceof IllegalStateException) {
                    break;
                }
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return message == null ? error.getClass().getSimpleName() : message;
    }
}
