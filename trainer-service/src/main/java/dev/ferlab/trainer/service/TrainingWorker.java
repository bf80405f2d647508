package dev.ferlab.trainer.service;

import dev.ferlab.common.fault.Faults;
import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.messaging.TrainingStarted;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.trainer.config.TrainerConfig;
import dev.ferlab.trainer.messaging.TrainingEvents;
import dev.ferlab.trainer.metrics.TrainingMeters;
import dev.ferlab.trainer.repository.TrainingQueue;
import dev.ferlab.trainer.repository.TrainingQueue.Claim;
import dev.ferlab.trainer.repository.TrainingQueue.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * This trainer's one training thread: claims the oldest free experiment in the queue, trains it while a
 * {@link ClaimKeeper} renews the claim, then publishes the outcome and closes the row. On shutdown it lets the
 * current batch finish, checkpoints, and hands the experiment back to the queue for the next trainer. Outages of
 * the broker, database or object store are waited out where they meet the work; none fails an experiment.
 */
@ApplicationScoped
public class TrainingWorker {
    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);
    private final TrainingQueue queue;
    private final TrainingService training;
    private final TrainingEvents events;
    private final TrainerConfig config;
    private final Retrying retrying;
    private final TrainingMeters meters;
    private final MeterRegistry registry;
    private final String name;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "claim-renewal");
        t.setDaemon(true);
        return t;
    });
    private final Object wake = new Object();
    private volatile boolean stopping;
    /** The claim this trainer trains now, if any. */
    private volatile ClaimKeeper current;
    private Thread thread;

    public TrainingWorker(TrainingQueue queue, TrainingService training, TrainingEvents events,
            TrainerConfig config, Retrying retrying, TrainingMeters meters, MeterRegistry registry) {
        this.queue = queue;
        this.training = training;
        this.events = events;
        this.config = config;
        this.retrying = retrying;
        this.meters = meters;
        this.registry = registry;
        this.name = config.name().orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
    }

    /** Starts the loop (once the engine is loaded; see ShardsReadyConsumer). */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::loop, "trainer");
            thread.start();
            LOG.infof("trainer %s takes work from the training queue", name);
        }
    }

    /**
     * This trainer closed the experiment's row as cancelled: if it is the one training here, it stops at the next
     * batch. (Another trainer's holder stops at its next renewal, within a third of the lease.)
     */
    public void cancelled(String experimentId) {
        ClaimKeeper keeper = current;
        if (keeper != null && keeper.claim().experimentId().equals(experimentId)) {
            keeper.cancelled();
            LOG.infof("experiment %s: cancelled while this trainer trains it; stopping at the next batch",
                    experimentId);
        }
    }

    /** A new experiment was queued: look now rather than at the next poll. */
    public void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        wakeUp();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(config.stopGrace().toMillis());
            if (t.isAlive()) {
                LOG.warnf("the training thread did not stop within %s; its claim expires by itself",
                        config.stopGrace());
            }
        }
        timer.shutdownNow();
    }

    private void loop() {
        while (!stopping) {
            try {
                Optional<Claim> claim = queue.claimNext(name, config.lease());
                if (claim.isPresent()) {
                    run(claim.get());
                } else {
                    synchronized (wake) {
                        if (!stopping) {
                            wake.wait(config.pollInterval().toMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The database or broker is away: the claim (if any) expires by itself; try again after a pause.
                LOG.warnf("training queue unavailable: %s", e.getMessage());
                pause();
            }
        }
    }

    /**
     * Announces again how an experiment's training ended (a redelivered {@code shards.ready}, or the gateway driving
     * a stalled experiment on): its stored {@code models.trained} event, or its failure. False while it has not
     * ended, so nothing is announced for an experiment that is queued or training.
     */
    public boolean announceEnded(String id) throws Exception {
        Optional<TrainingQueue.Ended> ended = queue.ended(id);
        if (ended.isEmpty()) {
            return false;
        }
        switch (ended.get().outcome()) {
            case TRAINED -> {
                Optional<ModelTrained> stored = training.storedOutcome(id);
                if (stored.isPresent()) {
                    events.trained(stored.get());
                    LOG.infof("experiment %s was trained already: its model announced again", id);
                } else {
                    LOG.warnf("experiment %s was trained, but no %s is stored beside its model to announce", id,
                            dev.ferlab.common.models.ModelFiles.TRAINED);
                }
            }
            case FAILED -> {
                events.failed(new ExperimentFailed(id, Stage.TRAIN, ended.get().reason(), Instant.now()));
                LOG.infof("experiment %s failed in training before: its failure announced again", id);
            }
            case CANCELLED -> LOG.infof("experiment %s was cancelled: nothing to announce", id);
        }
        return true;
    }

    private void run(Claim claim) throws Exception {
        String id = claim.experimentId();
        ShardsReady ready = Json.message(claim.request(), ShardsReady.class, ShardsReady::experimentId);
        if (claim.attempt() > config.maxAttempts()) {
            fail(claim, new IllegalStateException("experiment " + id + " was claimed " + claim.attempt()
                    + " times and its trainer stopped each time without an outcome (killed or out of memory?)"));
            return;
        }
        LOG.infof("experiment %s claimed (attempt %d, token %d)", id, claim.attempt(), claim.token());
        // A trainer that died after storing the model but before closing the row left its outcome stored.
        Optional<ModelTrained> stored = retrying.untilAvailable("experiment " + id + ": looking for a stored model",
                () -> training.storedOutcome(id));
        if (stored.isPresent()) {
            LOG.infof("experiment %s: its model is stored already; announcing it instead of training again", id);
            finishTrained(claim, stored.get());
            return;
        }
        ModelTrained trained;
        try (ClaimKeeper keeper = new ClaimKeeper(queue, claim, config.lease(), () -> stopping, timer)) {
            current = keeper;
            // From here it is training, not waiting for a trainer (the gateway shows which).
            TrainingStarted started = new TrainingStarted(id, name, claim.attempt(), Instant.now());
            retrying.untilAvailable("experiment " + id + ": announcing that it trains", () -> events.started(started));
            try {
                trained = PipelineMeters.timeStage(registry, Stage.TRAIN,
                        () -> training.train(ready, this::publishProgress, keeper));
            } catch (TrainingInterrupted e) {
                if (e.reason() == TrainingInterrupted.Reason.STOPPING && queue.release(claim)) {
                    LOG.infof("experiment %s handed back to the queue", id);
                } else {
                    LOG.warnf("experiment %s abandoned: %s", id, e.getMessage());
                }
                return;
            } catch (Exception e) {
                if (stopping || Faults.isInfrastructure(e)) {
                    // Not the experiment's fault: it goes back to the queue without counting an attempt.
                    LOG.warnf("experiment %s: %s; handing it back to the queue", id, Faults.describe(e));
                    queue.release(claim);
                    return;
                }
                LOG.warnf(e, "experiment %s failed in training", id);
                fail(claim, e);
                return;
            }
            keeper.ensureHeld();
            finishTrained(claim, trained);
        } finally {
            current = null;
        }
    }

    /** Announces the model, then closes the row: a trainer dying in between leaves it to be announced again. */
    private void finishTrained(Claim claim, ModelTrained trained) throws Exception {
        String id = claim.experimentId();
        retrying.untilAvailable("experiment " + id + ": announcing its model", () -> events.trained(trained));
        retrying.untilAvailable("experiment " + id + ": closing its queue row",
                () -> queue.finish(claim, Outcome.TRAINED, null));
    }

    private void fail(Claim claim, Exception cause) throws Exception {
        ExperimentFailed failed = ExperimentFailed.of(claim.experimentId(), Stage.TRAIN, cause);
        retrying.untilAvailable("experiment " + claim.experimentId() + ": announcing its failure",
                () -> events.failed(failed));
        retrying.untilAvailable("experiment " + claim.experimentId() + ": closing its queue row",
                () -> queue.finish(claim, Outcome.FAILED, failed.reason()));
    }

    /** An epoch's progress, published before training goes on: a broker outage holds training, it loses nothing. */
    private void publishProgress(TrainingProgress progress) {
        meters.epochTrained(progress);
        try {
            retrying.untilAvailable("experiment " + progress.experimentId() + ": reporting epoch " + progress.epoch(),
                    () -> events.progress(progress));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot report epoch " + progress.epoch() + ": " + e.getMessage(), e);
        }
    }

    private void pause() {
        synchronized (wake) {
            try {
                wake.wait(Math.max(1000, config.pollInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
