package dev.ferlab.gateway.experiment.service;

import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.gateway.experiment.messaging.ExperimentPublisher;
import dev.ferlab.gateway.experiment.repository.EpochMetric;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Submits experiments (stored first, then published) and reads them back. */
@ApplicationScoped
public class ExperimentService {
    private final ExperimentStore store;
    private final ExperimentPublisher publisher;

    public ExperimentService(ExperimentStore store, ExperimentPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    public Experiment submit(ExperimentSpec spec) {
        Experiment e = store.create(UUID.randomUUID().toString(), spec, Instant.now());
        publish(e);
        return e;
    }

    /**
     * Queues a stored experiment. When the broker refuses, the experiment is marked failed (the client may submit
     * again) and BrokerUnavailableException answers 503.
     */
    /** Queues stored experiments in order; when the broker refuses one, it and all after it are marked failed. */
    public void publishAll(List<Experiment> all) {
        for (int i = 0; i < all.size(); i++) {
            try {
                publish(all.get(i));
            } catch (BrokerUnavailableException refused) {
                for (Experiment later : all.subList(i + 1, all.size())) {
                    store.markUnpublished(later.id, "not queued: the message broker refused an earlier experiment "
                            + "of the same grid");
                }
                throw refused;
            }
        }
    }

    public void publish(Experiment e) {
        try {
            publisher.requested(new ExperimentRequested(e.id, e.spec, e.createdAt));
        } catch (RuntimeException failure) {
            store.markUnpublished(e.id, "the message broker did not accept the request: " + failure.getMessage());
            throw new BrokerUnavailableException(e.id, failure);
        }
    }

    public Optional<Experiment> find(String id) {
        return store.find(id);
    }

    public List<EpochMetric> curve(String id) {
        return store.curve(id);
    }

    public List<Experiment> list(Optional<ExperimentStatus> status, int limit) {
        return store.list(status, limit);
    }
}
