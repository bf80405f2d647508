package dev.ferlab.trainer.messaging;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.trainer.service.TrainingService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes {@code shards.ready}: trains one experiment at a time; any failure ends as {@code experiments.failed}. */
@ApplicationScoped
public class ShardsReadyConsumer {
    private static final Logger LOG = Logger.getLogger(ShardsReadyConsumer.class);
    private final TrainingService training;
    private final TrainingEvents events;
    private final ObjectStore store;

    public ShardsReadyConsumer(TrainingService training, TrainingEvents events, ObjectStore store) {
        this.training = training;
        this.events = events;
        this.store = store;
    }

    void onStart(@Observes StartupEvent start) throws IOException {
        store.ensureBucket(Buckets.MODELS);
        training.warmUp();
    }

    @Incoming("shards-ready")
    @Blocking
    public void onShardsReady(String json) {
        ShardsReady ready = Json.message(json, ShardsReady.class, ShardsReady::experimentId);
        if (ready.spec() == null || ready.manifestKey() == null) {
            throw new IllegalArgumentException("shards.ready message without spec or manifestKey: " + json);
        }
        try {
            events.trained(training.train(ready, events::progress));
        } catch (Exception e) {
            LOG.warnf(e, "experiment %s failed in training", ready.experimentId());
            events.failed(ExperimentFailed.of(ready.experimentId(), Stage.TRAIN, e));
        }
    }
}
