package dev.ferlab.preprocess.messaging;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.EvaluationRequested;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.preprocess.service.PreprocessingService;
import io.micrometer.core.annotation.Counted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code evaluations.requested}: prepares the target dataset of a cross-dataset evaluation and hands it
 * to the evaluator ({@code evaluations.prepared}); outages are waited out, and a target that cannot be prepared
 * ends as {@code evaluations.failed} with the reason.
 */
@ApplicationScoped
public class EvaluationRequestedConsumer {
    private static final Logger LOG = Logger.getLogger(EvaluationRequestedConsumer.class);
    private final PreprocessingService service;
    private final PreprocessEvents events;
    private final Retrying retrying;

    public EvaluationRequestedConsumer(PreprocessingService service, PreprocessEvents events, Retrying retrying) {
        this.service = service;
        this.events = events;
        this.retrying = retrying;
    }

    @Incoming("evaluations-requested")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "evaluations-requested"})
    @Blocking
    public void onRequested(String json) throws Exception {
        EvaluationRequested request = Json.message(json, EvaluationRequested.class, EvaluationRequested::experimentId);
        if (request.spec() == null || request.dataset() == null || request.requestId() == null) {
            throw new IllegalArgumentException("evaluations.requested message without spec, dataset or requestId: "
                    + json);
        }
        LOG.infof("evaluation %s of experiment %s: preparing %s", request.requestId(), request.experimentId(),
                request.dataset());
        retrying.handle("evaluation " + request.requestId() + ": preparing " + request.dataset(),
                () -> events.evaluationPrepared(service.prepare(request)),
                fault -> {
                    LOG.warnf("evaluation %s of experiment %s failed in preprocessing: %s", request.requestId(),
                            request.experimentId(), fault.getMessage());
                    events.evaluationFailed(EvaluationFailed.of(request, Stage.PREPROCESS, fault));
                });
    }
}
