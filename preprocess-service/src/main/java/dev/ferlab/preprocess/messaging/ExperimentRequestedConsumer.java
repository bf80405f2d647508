package dev.ferlab.preprocess.messaging;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.preprocess.service.PreprocessingService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code experiments.requested}. A request that cannot be prepared ends as {@code experiments.failed}
 * with the reason; a message that cannot even be read goes to the dead-letter topic (configured).
 */
@ApplicationScoped
public class ExperimentRequestedConsumer {
    private static final Logger LOG = Logger.getLogger(ExperimentRequestedConsumer.class);
    private final PreprocessingService service;
    private final PreprocessEvents events;
    private final ObjectStore store;

    public ExperimentRequestedConsumer(PreprocessingService service, PreprocessEvents events, ObjectStore store) {
        this.service = service;
        this.events = events;
        this.store = store;
    }

    void onStart(@Observes StartupEvent start) throws IOException {
        store.ensureBucket(Buckets.SHARDS);
    }

    @Incoming("experiments-requested")
    @Blocking
    public void onRequested(String json) {
        ExperimentRequested request = Json.message(json, ExperimentRequested.class, ExperimentRequested::experimentId);
        if (request.spec() == null) {
            throw new IllegalArgumentException("experiments.requested message without spec: " + json);
        }
        LOG.infof("experiment %s: preparing %s", request.experimentId(), request.spec().dataset());
        try {
            events.shardsReady(service.prepare(request, events::progress));
        } catch (Exception e) {
            LOG.warnf("experiment %s failed in preprocessing: %s", request.experimentId(), e.getMessage());
            events.failed(ExperimentFailed.of(request.experimentId(), Stage.PREPROCESS, e));
        }
    }
}
