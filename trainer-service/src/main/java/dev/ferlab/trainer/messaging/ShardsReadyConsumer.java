package dev.ferlab.trainer.messaging;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.trainer.repository.TrainingQueue;
import dev.ferlab.trainer.service.TrainingService;
import dev.ferlab.trainer.service.TrainingWorker;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.SQLException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code shards.ready} into the training queue and acknowledges at once: the Kafka record is done when
 * the experiment is stored in the queue, so hours of training never meet Kafka's poll interval or a rebalance.
 * Which trainer trains it is decided by the queue's claims (TrainingWorker).
 */
@ApplicationScoped
public class ShardsReadyConsumer {
    private static final Logger LOG = Logger.getLogger(ShardsReadyConsumer.class);
    private final TrainingQueue queue;
    private final TrainingWorker worker;
    private final TrainingService training;
    private final ObjectStore store;

    public ShardsReadyConsumer(TrainingQueue queue, TrainingWorker worker, TrainingService training,
            ObjectStore store) {
        this.queue = queue;
        this.worker = worker;
        this.training = training;
        this.store = store;
    }

    void onStart(@Observes StartupEvent start) throws IOException {
        store.ensureBucket(Buckets.MODELS);
        training.warmUp();
        worker.start();
    }

    @Incoming("shards-ready")
    @Blocking
    public void onShardsReady(String json) throws SQLException {
        ShardsReady ready = Json.message(json, ShardsReady.class, ShardsReady::experimentId);
        if (ready.spec() == null || ready.manifestKey() == null) {
            throw new IllegalArgumentException("shards.ready message without spec or manifestKey: " + json);
        }
        if (enqueue(ready.experimentId(), json)) {
            LOG.infof("experiment %s queued for training", ready.experimentId());
            worker.wakeUp();
        } else {
            LOG.infof("experiment %s is queued already; redelivery ignored", ready.experimentId());
        }
    }

    /** Rides out a short database outage; after a minute the record goes to the dead-letter topic, not lost. */
    private boolean enqueue(String experimentId, String json) throws SQLException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (long wait = 500;; wait = Math.min(wait * 2, 8000)) {
            try {
                return queue.enqueue(experimentId, json);
            } catch (SQLException e) {
                if (System.nanoTime() + wait * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warnf("cannot queue experiment %s yet (%s); retrying in %d ms", experimentId, e.getMessage(),
                        wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
