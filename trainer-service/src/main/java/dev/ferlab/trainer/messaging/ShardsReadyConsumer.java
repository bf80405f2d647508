package dev.ferlab.trainer.messaging;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.trainer.repository.TrainingQueue;
import dev.ferlab.trainer.service.TrainingService;
import dev.ferlab.trainer.service.TrainingWorker;
import io.micrometer.core.annotation.Counted;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code shards.ready} into the training queue and acknowledges once it is stored there, so hours of
 * training never meet Kafka's poll interval or a rebalance; which trainer trains it is decided by the queue's
 * claims (TrainingWorker). A record for an experiment whose training has ended (a redelivery, or the gateway
 * driving a stalled experiment on) announces that outcome again. A database outage is waited out.
 */
@ApplicationScoped
public class ShardsReadyConsumer {
    private static final Logger LOG = Logger.getLogger(ShardsReadyConsumer.class);
    private final TrainingQueue queue;
    private final TrainingWorker worker;
    private final TrainingService training;
    private final ObjectStore store;
    private final Retrying retrying;

    public ShardsReadyConsumer(TrainingQueue queue, TrainingWorker worker, TrainingService training,
            ObjectStore store, Retrying retrying) {
        this.queue = queue;
        this.worker = worker;
        this.training = training;
        this.store = store;
        this.retrying = retrying;
    }

    void onStart(@Observes StartupEvent start) throws Exception {
        retrying.untilAvailable("creating bucket " + Buckets.MODELS, () -> store.ensureBucket(Buckets.MODELS));
        training.warmUp();
        worker.start();
    }

    @Incoming("shards-ready")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "shards-ready"})
    @Blocking
    public void onShardsReady(String json) throws Exception {
        ShardsReady ready = Json.message(json, ShardsReady.class, ShardsReady::experimentId);
        if (ready.spec() == null || ready.manifestKey() == null) {
            throw new IllegalArgumentException("shards.ready message without spec or manifestKey: " + json);
        }
        String id = ready.experimentId();
        retrying.run("experiment " + id + ": queueing for training", () -> {
            if (queue.enqueue(id, json)) {
                LOG.infof("experiment %s queued for training", id);
                worker.wakeUp();
            } else if (!worker.announceEnded(id)) {
                LOG.infof("experiment %s is queued already; redelivery ignored", id);
            }
        });
    }
}
