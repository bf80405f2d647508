package dev.ferlab.gateway.experiment.service;

import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.ExperimentCancelled;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.PreprocessingProgress;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.messaging.Topics;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.messaging.TrainingStarted;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.PreprocessingVariant;
import dev.ferlab.gateway.experiment.repository.EpochMetric;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.messaging.Outbox;
import dev.ferlab.gateway.rest.ConflictException;
import dev.ferlab.gateway.rest.UnknownIdException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Every write to the experiment table. Event handlers lock the experiment row, because events of one experiment
 * arrive on several topics at once; statuses only move forward ({@link ExperimentStatus#canMoveTo}). What the
 * gateway announces goes through the {@link Outbox}, in the same transaction as the row it announces.
 */
@ApplicationScoped
public class ExperimentStore {
    private static final Logger LOG = Logger.getLogger(ExperimentStore.class);
    private final Outbox outbox;

    public ExperimentStore(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A new experiment row, not yet persisted; {@code gridId} null for a single submission. */
    public static Experiment newExperiment(String id, ExperimentSpec spec, Instant now, String gridId) {
        Experiment e = new Experiment();
        e.id = id;
        e.gridId = gridId;
        e.status = ExperimentStatus.QUEUED;
        e.spec = spec;
        e.dataset = spec.dataset();
        e.model = spec.model().id();
        e.transferMode = spec.transferMode().id();
        e.epochs = spec.epochs();
        e.preprocessingVariant = PreprocessingVariant.of(spec.preprocessing()).id();
        e.createdAt = now;
        e.updatedAt = now;
        e.progressAt = now;
        return e;
    }

    /** Stores new experiments and their {@code experiments.requested} events, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queueAll(List<Experiment> experiments) {
        for (Experiment e : experiments) {
            e.persist();
            request(e);
        }
    }

    /** Stores one new experiment with its event, in a transaction of its own (a duplicate key fails here). */
    @Transactional
    public Experiment queue(Experiment e) {
        queueAll(List.of(e));
        return e;
    }

    /** Publishes the experiment's request (again): the input of its first stage, from which every stage follows. */
    private void request(Experiment e) {
        outbox.add(Topics.EXPERIMENTS_REQUESTED, e.id, new ExperimentRequested(e.id, e.spec, e.createdAt));
    }

    /**
     * Drives a stalled experiment on: publishes its request again. Every stage answers a request it has handled
     * from what it stored (the shard set, the queue row and stored model, the evaluation rows), so this resumes
     * the experiment where it stopped and repeats nothing.
     */
    @Transactional
    public Experiment redrive(String id, Instant since) {
        Experiment e = Experiment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null || e.status.isFinal()) {
            return e;
        }
        Instant now = Instant.now();
        e.stalledSince = e.stalledSince == null ? since : e.stalledSince;
        e.redrivenAt = now;
        e.redrives++;
        e.updatedAt = now;
        request(e);
        return e;
    }

    /** Marks a stall the reconciler sees but cannot act on yet (the request itself still waits for the broker). */
    @Transactional
    public void stalled(String id, Instant since) {
        Experiment e = Experiment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e != null && !e.status.isFinal() && e.stalledSince == null) {
            e.stalledSince = since;
            e.updatedAt = Instant.now();
        }
    }

    /**
     * Retries a failed or cancelled experiment whose model is stored: evaluates it again (its request, published
     * again, reaches the trainer, which announces the stored model instead of training). @throws ConflictException
     * unless FAILED or CANCELLED
     */
    @Transactional
    public Experiment reevaluate(String id) {
        Experiment e = Experiment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new UnknownIdException("experiment", id);
        }
        if (e.status != ExperimentStatus.FAILED && e.status != ExperimentStatus.CANCELLED) {
            throw new ConflictException("experiment " + id + " is " + e.status + ": only a FAILED or CANCELLED "
                    + "experiment can be retried");
        }
        Instant now = Instant.now();
        e.status = ExperimentStatus.EVALUATING;
        e.failureStage = null;
        e.failureReason = null;
        e.progressAt = now;
        e.stalledSince = null;
        e.redrivenAt = now;
        e.redrives++;
        e.updatedAt = now;
        request(e);
        return e;
    }

    @Transactional
    public Optional<Experiment> byIdempotencyKey(String key) {
        return Experiment.find("idempotencyKey", key).firstResultOptional();
    }

    /**
     * Marks the experiment cancelled and announces it to the trainers (through the outbox, so that the cancellation
     * reaches them whatever happens to the broker or this gateway). @throws ConflictException when it has ended
     */
    @Transactional
    public Experiment cancel(String id) {
        Experiment e = Experiment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new UnknownIdException("experiment", id);
        }
        if (e.status.isFinal()) {
            throw new ConflictException("experiment " + id + " has ended (" + e.status + "): nothing to cancel");
        }
        e.status = ExperimentStatus.CANCELLED;
        e.failureReason = null;
        e.stalledSince = null;
        e.updatedAt = Instant.now();
        outbox.add(Topics.EXPERIMENTS_CANCELLED, id, new ExperimentCancelled(id, e.updatedAt));
        return e;
    }

    @Transactional
    public Optional<Experiment> find(String id) {
        return Experiment.findByIdOptional(id);
    }

    @Transactional
    public List<EpochMetric> curve(String id) {
        return EpochMetric.list("experimentId", Sort.by("epoch"), id);
    }

    @Transactional
    public List<Experiment> list(Optional<ExperimentStatus> status, Optional<String> model,
            Optional<String> gridId, int limit) {
        Sort newest = Sort.by("createdAt", Sort.Direction.Descending);
        List<String> where = new java.util.ArrayList<>();
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        status.ifPresent(s -> {
            where.add("status = :status");
            params.put("status", s);
        });
        model.ifPresent(m -> {
            where.add("model = :model");
            params.put("model", m);
        });
        gridId.ifPresent(g -> {
            where.add("gridId = :grid");
            params.put("grid", g);
        });
        return (where.isEmpty() ? Experiment.<Experiment>findAll(newest)
                : Experiment.<Experiment>find(String.join(" and ", where), newest, params)).page(0, limit).list();
    }

    @Transactional
    public void preprocessing(PreprocessingProgress p) {
        stageOutput(p.experimentId(), ExperimentStatus.PREPROCESSING, e -> {
            e.preprocessingTotal = Math.max(e.preprocessingTotal, p.total());
            if ("done".equals(e.preprocessingStep)) {
                // The shards were reported ready first: a late step does not reopen preprocessing.
                e.preprocessingDone = e.preprocessingTotal;
            } else {
                e.preprocessingStep = p.step();
                e.preprocessingDone = Math.max(e.preprocessingDone, p.done());
            }
        });
    }

    @Transactional
    public void shardsReady(String id, String shardSetId, dev.ferlab.common.shards.LeakageAudit leakage) {
        update(id, ExperimentStatus.WAITING, e -> {
            e.shardSetId = shardSetId;
            e.leakage = leakage;
            e.preprocessingStep = "done";
            e.preprocessingDone = e.preprocessingTotal;
        });
    }

    /** A trainer took it from the queue: TRAINING from now (a resumed one stays TRAINING, with its new holder). */
    @Transactional
    public void trainingStarted(TrainingStarted started) {
        update(started.experimentId(), ExperimentStatus.TRAINING, e -> e.trainer = started.trainer());
    }

    /** An epoch: progress of training, and proof that a trainer holds it should its start have gone astray. */
    @Transactional
    public void progress(TrainingProgress p) {
        if (stageOutput(p.experimentId(), ExperimentStatus.TRAINING,
                e -> e.currentEpoch = Math.max(e.currentEpoch, p.epoch())) == null) {
            return;
        }
        EpochMetric m = EpochMetric.<EpochMetric>find("experimentId = ?1 and epoch = ?2", p.experimentId(), p.epoch())
                .firstResultOptional().orElseGet(EpochMetric::new);
        boolean isNew = m.experimentId == null;
        m.experimentId = p.experimentId();
        m.epoch = p.epoch();
        m.trainLoss = finite(p.trainLoss());
        m.trainAccuracy = finite(p.trainAccuracy());
        m.validationLoss = finite(p.validationLoss());
        m.validationAccuracy = finite(p.validationAccuracy());
        m.imagesPerSecond = finite(p.imagesPerSecond());
        m.epochSeconds = finite(p.epochSeconds());
        if (isNew) {
            m.persist();
        }
    }

    @Transactional
    public void modelTrained(ModelTrained trained) {
        update(trained.experimentId(), ExperimentStatus.EVALUATING, e -> {
            e.resumedFromEpoch = trained.resumedFromEpoch();
            e.trainedAt = e.trainedAt == null ? Instant.now() : e.trainedAt;
        });
    }

    /**
     * An own split's result (cross-dataset ones go to {@code EvaluationRequestStore}). The evaluator sends the test
     * split last, so its event completes the experiment with all three splits stored.
     */
    @Transactional
    public void evaluated(EvaluationCompleted result) {
        if (Split.TEST.id().equals(result.split())) {
            update(result.experimentId(), ExperimentStatus.COMPLETED, e -> {
                e.result = result;
                e.testAccuracy = result.accuracy();
                e.macroF1 = result.macroF1();
            });
        } else {
            stageOutput(result.experimentId(), ExperimentStatus.EVALUATING, e -> {
                if (Split.TRAIN.id().equals(result.split())) {
                    e.trainAccuracy = result.accuracy();
                } else if (Split.VALIDATION.id().equals(result.split())) {
                    e.validationAccuracy = result.accuracy();
                }
            });
        }
    }

    @Transactional
    public void failed(ExperimentFailed failure) {
        moveThenUpdate(failure.experimentId(), ExperimentStatus.FAILED, e -> {
            e.failureStage = failure.stage() == null ? null : failure.stage().id();
            e.failureReason = failure.reason();
        });
    }

    /**
     * Locks the experiment, moves its status forward when it may, and records what the event says in any case:
     * topics are consumed independently, so a shard set id or a result may arrive after a later status.
     *
     * @return the experiment, or null when the id is unknown
     */
    private Experiment update(String id, ExperimentStatus next, Consumer<Experiment> change) {
        return apply(id, next, change, true, false);
    }

    /**
     * Like {@link #update}, for the work of a stage (a preprocessing step, an epoch, a split's evaluation): while
     * the experiment is in that stage, it is progress, even though the status stays.
     */
    private Experiment stageOutput(String id, ExperimentStatus stage, Consumer<Experiment> change) {
        return apply(id, stage, change, true, true);
    }

    /** Like {@link #update}, but records the event only if it moves the status (a late failure or step). */
    private Experiment moveThenUpdate(String id, ExperimentStatus next, Consumer<Experiment> change) {
        return apply(id, next, change, false, false);
    }

    private Experiment apply(String id, ExperimentStatus next, Consumer<Experiment> change, boolean evenIfLate,
            boolean ofTheStage) {
        Experiment e = Experiment.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            LOG.warnf("event for unknown experiment %s ignored", id);
            return null;
        }
        ExperimentStatus before = e.status;
        boolean moves = before.canMoveTo(next);
        if (moves) {
            e.status = next;
        } else {
            LOG.debugf("experiment %s stays %s (late event reporting %s)", id, e.status, next);
        }
        if (moves || evenIfLate) {
            change.accept(e);
            e.updatedAt = Instant.now();
        }
        // Progress, from which the reconciler measures the stage's deadline: the status moved on, or the stage did
        // its work. A stage's input announced again (a re-drive's shards.ready or models.trained) is not progress.
        if (moves && (next.ordinal() > before.ordinal() || ofTheStage)) {
            e.progressAt = e.updatedAt;
            e.stalledSince = null;
        }
        return e;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
