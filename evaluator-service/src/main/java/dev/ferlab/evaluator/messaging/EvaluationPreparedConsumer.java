package dev.ferlab.evaluator.messaging;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.EvaluationPrepared;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.evaluator.service.EvaluationService;
import io.micrometer.core.annotation.Counted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code evaluations.prepared} (a cross-dataset evaluation's target, ready as shards). Outages are waited
 * out; one that cannot be done ends as {@code evaluations.failed} with the reason, and the experiment's own results
 * are not touched.
 */
@ApplicationScoped
public class EvaluationPreparedConsumer {
    private static final Logger LOG = Logger.getLogger(EvaluationPreparedConsumer.class);
    private final EvaluationService service;
    private final EvaluationEvents events;
    private final Retrying retrying;

    public EvaluationPreparedConsumer(EvaluationService service, EvaluationEvents events, Retrying retrying) {
        this.service = service;
        this.events = events;
        this.retrying = retrying;
    }

    @Incoming("evaluations-prepared")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "evaluations-prepared"})
    @Blocking
    public void onPrepared(String json) throws Exception {
        EvaluationPrepared prepared = Json.message(json, EvaluationPrepared.class,
                p -> p.request() == null ? null : p.request().experimentId());
        if (prepared.request() == null || prepared.manifestKey() == null) {
            throw new IllegalArgumentException("evaluations.prepared message without request or manifestKey: "
                    + json);
        }
        retrying.handle("cross-dataset evaluation " + prepared.request().requestId(),
                () -> events.completed(service.evaluate(prepared)),
                fault -> {
                    LOG.warnf("cross-dataset evaluation %s of experiment %s failed: %s",
                            prepared.request().requestId(), prepared.request().experimentId(), fault.getMessage());
                    events.evaluationFailed(EvaluationFailed.of(prepared.request(), Stage.EVALUATE, fault));
                });
    }
}
