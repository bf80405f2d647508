package dev.ferlab.gateway.experiment.service;

import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.gateway.experiment.repository.EpochMetric;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.repository.TrainersQueue;
import dev.ferlab.gateway.experiment.rest.ProgressUpdate;
import dev.ferlab.gateway.rest.ConflictException;
import dev.ferlab.gateway.rest.IdempotencyKeys;
import dev.ferlab.gateway.rest.UnknownIdException;
import dev.ferlab.gateway.weights.service.PretrainedWeights;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits, cancels and retries experiments (each stored together with its event, see the outbox) and reads them
 * back. A submission is answered once it is stored; the outbox publishes it, however long the broker is away.
 */
@ApplicationScoped
public class ExperimentService {
    private final ExperimentStore store;
    private final ProgressBroadcaster progress;
    private final PretrainedWeights weights;
    private final TrainersQueue trainers;

    public ExperimentService(ExperimentStore store, ProgressBroadcaster progress, PretrainedWeights weights,
            TrainersQueue trainers) {
        this.store = store;
        this.progress = progress;
        this.weights = weights;
        this.trainers = trainers;
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
        String key = IdempotencyKeys.normalise(idempotencyKey);
        IdempotencyKeys.Outcome<Experiment> outcome = IdempotencyKeys.createOnce(key, store::byIdempotencyKey, () -> {
            weights.requireFor(List.of(spec));
            Experiment e = ExperimentStore.newExperiment(UUID.randomUUID().toString(), spec, Instant.now(), null);
            e.idempotencyKey = key;
            return store.queue(e);
        });
        if (outcome.created()) {
            progress.publish(outcome.value().id);
        }
        return new Submitted(outcome.value(), outcome.created());
    }

    /**
     * Cancels an experiment that has not ended: it is final at once here, and the trainers stop it at their next
     * batch ({@code experiments.cancelled}).
     */
    public Experiment cancel(String id) {
        Experiment e = store.cancel(id);
        progress.publish(id);
        return e;
    }

    /**
     * Retries a failed or cancelled experiment. One whose model is stored (it failed, or was cancelled, once
     * trained) is evaluated again, as the same experiment; any other is submitted again as a new experiment in the
     * same grid that names it ({@code retryOf}).
     */
    public Submitted retry(String id) {
        Experiment old = store.find(id).orElseThrow(() -> new UnknownIdException("experiment", id));
        boolean modelStored = old.trainedAt != null || Stage.EVALUATE.id().equals(old.failureStage);
        if (modelStored && (old.status == ExperimentStatus.FAILED || old.status == ExperimentStatus.CANCELLED)) {
            Experiment e = store.reevaluate(id);
            progress.publish(id);
            return new Submitted(e, false);
        }
        if (old.status != ExperimentStatus.FAILED && old.status != ExperimentStatus.CANCELLED) {
            throw new ConflictException("experiment " + id + " is " + old.status + ": only a FAILED or CANCELLED "
                    + "experiment can be retried");
        }
        Experiment e = ExperimentStore.newExperiment(UUID.randomUUID().toString(), old.spec, Instant.now(),
                old.gridId);
        e.retryOf = old.id;
        store.queue(e);
        progress.publish(e.id);
        return new Submitted(e, true);
    }

    /** The experiment as the live streams show it, with its place in the trainers' queue from {@code positions}. */
    public Optional<ProgressUpdate> progress(String id, Map<String, Integer> positions) {
        return store.find(id).map(e -> ProgressUpdate.of(e, store.curve(id), positions.get(id)));
    }

    /** The newest experiments (at most {@code limit}) as the live streams show them, newest first. */
    public List<ProgressUpdate> latestProgress(int limit) {
        Map<String, Integer> positions = trainers.positions();
        return store.list(Optional.empty(), Optional.empty(), Optional.empty(), limit).stream()
                .map(e -> ProgressUpdate.of(e, store.curve(e.id), positions.get(e.id))).toList();
    }

    /** Every waiting experiment's place in the trainers' queue (1 is taken next). */
    public Map<String, Integer> queuePositions() {
        return trainers.positions();
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
