package dev.ferlab.gateway.experiment.service;

import dev.ferlab.common.messaging.ExperimentCancelled;
import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.gateway.experiment.messaging.ExperimentCancelledPublisher;
import dev.ferlab.gateway.experiment.messaging.ExperimentPublisher;
import dev.ferlab.gateway.experiment.repository.EpochMetric;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.rest.ProgressUpdate;
import dev.ferlab.gateway.rest.ConflictException;
import dev.ferlab.gateway.rest.UnknownIdException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Submits experiments (stored first, then published) and reads them back. */
@ApplicationScoped
public class ExperimentService {
    static final int MAX_KEY_LENGTH = 200;
    private final ExperimentStore store;
    private final ExperimentPublisher publisher;
    private final ExperimentCancelledPublisher cancellations;
    private final ProgressBroadcaster progress;

    public ExperimentService(ExperimentStore store, ExperimentPublisher publisher,
            ExperimentCancelledPublisher cancellations, ProgressBroadcaster progress) {
        this.store = store;
        this.publisher = publisher;
        this.cancellations = cancellations;
        this.progress = progress;
    }

    /** @param created false when the idempotency key named an experiment submitted before */
    public record Submitted(Experiment experiment, boolean created) {
    }

    public Experiment submit(ExperimentSpec spec) {
        return submit(spec, null).experiment();
    }

    /**
     * Stores and queues an experiment; with an idempotency key seen before, returns that experiment and creates
     * nothing (a client retrying after a lost answer).
     */
    public Submitted submit(ExperimentSpec spec, String idempotencyKey) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.trim();
        if (key != null && key.length() > MAX_KEY_LENGTH) {
            throw new InvalidSpecException(List.of(new FieldError("Idempotency-Key",
                    "must be at most " + MAX_KEY_LENGTH + " characters, got " + key.length())));
        }
        if (key != null) {
            Optional<Experiment> earlier = store.byIdempotencyKey(key);
            if (earlier.isPresent()) {
                return new Submitted(earlier.get(), false);
            }
        }
        Experiment e = ExperimentStore.newExperiment(UUID.randomUUID().toString(), spec, Instant.now(), null);
        e.idempotencyKey = key;
        try {
            store.persist(e);
        } catch (RuntimeException conflict) {
            // The same key submitted concurrently: the other request's experiment won the unique key.
            Optional<Experiment> winner = key == null ? Optional.empty() : store.byIdempotencyKey(key);
            if (winner.isPresent()) {
                return new Submitted(winner.get(), false);
            }
            throw conflict;
        }
        publish(e);
        return new Submitted(e, true);
    }

    /**
     * Cancels an experiment that has not ended: it is final at once here, and the trainers stop it at their next
     * batch ({@code experiments.cancelled}).
     */
    public Experiment cancel(String id) {
        Experiment e = store.cancel(id);
        progress.publish(id);
        cancellations.cancelled(new ExperimentCancelled(id, Instant.now()));
        return e;
    }

    /** Submits a failed or cancelled experiment again, as a new experiment in the same grid that names it. */
    public Experiment retry(String id) {
        Experiment old = store.find(id).orElseThrow(() -> new UnknownIdException("experiment", id));
        if (old.status != ExperimentStatus.FAILED && old.status != ExperimentStatus.CANCELLED) {
            throw new ConflictException("experiment " + id + " is " + old.status + ": only a FAILED or CANCELLED "
                    + "experiment can be retried");
        }
        Experiment e = ExperimentStore.newExperiment(UUID.randomUUID().toString(), old.spec, Instant.now(),
                old.gridId);
        e.retryOf = old.id;
        store.persist(e);
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
            store.markUnpublished(e.id, failure.getMessage());
            throw new BrokerUnavailableException(e.id, failure);
        } finally {
            progress.publish(e.id);
        }
    }

    /** The experiment as the live streams show it. */
    public Optional<ProgressUpdate> progress(String id) {
        return store.find(id).map(e -> ProgressUpdate.of(e, store.curve(id)));
    }

    public Optional<Experiment> find(String id) {
        return store.find(id);
    }

    public List<EpochMetric> curve(String id) {
        return store.curve(id);
    }

    public List<Experiment> list(Optional<ExperimentStatus> status, Optional<String> model,
            Optional<String> gridId, int limit) {
        return store.list(status, model, gridId, limit);
    }
}
