package dev.ferlab.gateway.evaluation.repository;

import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.EvaluationRequested;
import dev.ferlab.common.messaging.Topics;
import dev.ferlab.gateway.messaging.Outbox;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Cross-dataset evaluation requests; an answer settles a request once (a redelivered answer changes nothing). */
@ApplicationScoped
public class EvaluationRequestRepository implements PanacheRepositoryBase<EvaluationRequest, String> {
    private static final Logger LOG = Logger.getLogger(EvaluationRequestRepository.class);
    private final Outbox outbox;

    public EvaluationRequestRepository(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Stores the request with its event (the outbox publishes it once this commits). */
    @Transactional
    public void create(EvaluationRequest r, EvaluationRequested event) {
        persist(r);
        outbox.add(Topics.EVALUATIONS_REQUESTED, event.experimentId(), event);
    }

    @Transactional
    public List<EvaluationRequest> ofExperiment(String experimentId) {
        return list("experimentId", Sort.by("requestedAt"), experimentId);
    }

    @Transactional
    public void completed(EvaluationCompleted result) {
        settle(result.requestId(), r -> {
            r.status = EvaluationRequest.Status.COMPLETED;
            r.result = result;
        });
    }

    @Transactional
    public void failed(EvaluationFailed failure) {
        settle(failure.requestId(), r -> {
            r.status = EvaluationRequest.Status.FAILED;
            r.failureStage = failure.stage() == null ? null : failure.stage().id();
            r.failureReason = failure.reason();
        });
    }

    private void settle(String requestId, java.util.function.Consumer<EvaluationRequest> change) {
        EvaluationRequest r = findById(requestId, LockModeType.PESSIMISTIC_WRITE);
        if (r == null) {
            LOG.warnf("answer to unknown evaluation request %s ignored", requestId);
            return;
        }
        if (r.status != EvaluationRequest.Status.REQUESTED) {
            LOG.debugf("evaluation request %s already %s", requestId, r.status);
            return;
        }
        change.accept(r);
        r.updatedAt = Instant.now();
    }
}
