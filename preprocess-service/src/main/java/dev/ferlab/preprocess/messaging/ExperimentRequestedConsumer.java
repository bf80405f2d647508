package dev.ferlab.preprocess.messaging;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.preprocess.service.PreprocessingService;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code experiments.requested} (from the gateway, or again from its reconciler: a request whose shard set
 * exists is answered from it). An outage of the object store or broker is waited out; a request that cannot be
 * prepared ends as {@code experiments.failed} with the reason; a message that cannot even be read goes to this
 * group's dead-letter topic (configured).
 */
@ApplicationScoped
public class ExperimentRequestedConsumer {
    private static final Logger LOG = Logger.getLogger(ExperimentRequestedConsumer.class);
    private final PreprocessingService service;
    private final PreprocessEvents events;
    private final ObjectStore store;
    private final Retrying retrying;
    private final MeterRegistry registry;

    public ExperimentRequestedConsumer(PreprocessingService service, PreprocessEvents events, ObjectStore store,
            Retrying retrying, MeterRegistry registry) {
        this.service = service;
        this.events = events;
        this.store = store;
        this.retrying = retrying;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent start) throws Exception {
        retrying.untilAvailable("creating bucket " + Buckets.SHARDS, () -> store.ensureBucket(Buckets.SHARDS));
    }

    @Incoming("experiments-requested")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "experiments-requested"})
    @Blocking
    public void onRequested(String json) throws Exception {
        ExperimentRequested request = Json.message(json, ExperimentRequested.class, ExperimentRequested::experimentId);
        if (request.spec() == null) {
            throw new IllegalArgumentException("experiments.requested message without spec: " + json);
        }
        String id = request.experimentId();
        LOG.infof("experiment %s: preparing %s", id, request.spec().dataset());
        retrying.handle("experiment " + id + ": preprocessing",
                () -> events.shardsReady(PipelineMeters.timeStage(registry, Stage.PREPROCESS,
                        () -> service.prepare(request, events::progress))),
                fault -> {
                    LOG.warnf("experiment %s failed in preprocessing: %s", id, fault.getMessage());
                    events.failed(ExperimentFailed.of(id, Stage.PREPROCESS, fault));
                });
    }
}
