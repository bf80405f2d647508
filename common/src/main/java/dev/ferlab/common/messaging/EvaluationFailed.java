package dev.ferlab.common.messaging;

import java.time.Instant;

/**
 * A requested cross-dataset evaluation cannot be done; {@code reason} says what to fix. The experiment itself is
 * not failed by this: its own results stand.
 */
public record EvaluationFailed(String requestId, String experimentId, String dataset, Stage stage, String reason,
        Instant failedAt) {

    public static EvaluationFailed of(EvaluationRequested request, Stage stage, Throwable error) {
        return new EvaluationFailed(request.requestId(), request.experimentId(), request.dataset(), stage,
                ExperimentFailed.readableReason(error), Instant.now());
    }
}
