package dev.ferlab.evaluator.messaging;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.evaluator.service.EvaluationService;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code models.trained}. An outage of the database, object store or broker is waited out (the
 * evaluation is redone from the stored rows on); a model that cannot be evaluated ends as
 * {@code experiments.failed}.
 */
@ApplicationScoped
public class ModelTrainedConsumer {
    private static final Logger LOG = Logger.getLogger(ModelTrainedConsumer.class);
    private final EvaluationService service;
    private final EvaluationEvents events;
    private final Retrying retrying;
    private final MeterRegistry registry;

    public ModelTrainedConsumer(EvaluationService service, EvaluationEvents events, Retrying retrying,
            MeterRegistry registry) {
        this.service = service;
        this.events = events;
        this.retrying = retrying;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent start) {
        service.warmUp();
    }

    @Incoming("models-trained")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "models-trained"})
    @Blocking
    public void onModelTrained(String json) throws Exception {
        ModelTrained trained = Json.message(json, ModelTrained.class, ModelTrained::experimentId);
        if (trained.spec() == null || trained.modelPrefix() == null) {
            throw new IllegalArgumentException("models.trained message without spec or modelPrefix: " + json);
        }
        String id = trained.experimentId();
        retrying.handle("experiment " + id + ": evaluation",
                () -> PipelineMeters.timeStage(registry, Stage.EVALUATE, () -> service.evaluate(trained))
                        .forEach(events::completed),
                fault -> {
                    LOG.warnf(fault, "experiment %s failed in evaluation", id);
                    events.failed(ExperimentFailed.of(id, Stage.EVALUATE, fault));
                });
    }
}
