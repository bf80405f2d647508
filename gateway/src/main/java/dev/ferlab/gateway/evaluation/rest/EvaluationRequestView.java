package dev.ferlab.gateway.evaluation.rest;

import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.gateway.evaluation.repository.EvaluationRequest;
import java.time.Instant;

/** A cross-dataset evaluation request as the API shows it, with its result or the reason it failed. */
public record EvaluationRequestView(String id, String experimentId, String dataset, String split, String status,
        Instant requestedAt, Instant updatedAt, EvaluationCompleted result, String failureStage,
        String failureReason) {

    public static EvaluationRequestView of(EvaluationRequest r) {
        return new EvaluationRequestView(r.id, r.experimentId, r.dataset, r.split, r.status.name(), r.requestedAt,
                r.updatedAt, r.result, r.failureStage, r.failureReason);
    }
}
