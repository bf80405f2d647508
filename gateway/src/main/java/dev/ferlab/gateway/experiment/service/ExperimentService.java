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
        Instant now = Instant.now();
        Experiment e = store.create(UUID.randomUUID().toString(), spec, now);
        try {
            publisher.requested(new ExperimentRequested(e.id, spec, now));
        } catch (RuntimeException failure) {
            store.markUnpublished(e.id, "the message broker did not accept the request: " + failure.getMessage());
            throw new BrokerUnavailableException(e.id, failure);
        }
        return e;
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
