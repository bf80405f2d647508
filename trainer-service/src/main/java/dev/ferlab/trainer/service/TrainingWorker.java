package dev.ferlab.trainer.service;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.trainer.config.TrainerConfig;
import dev.ferlab.trainer.messaging.TrainingEvents;
import dev.ferlab.trainer.repository.TrainingQueue;
import dev.ferlab.trainer.repository.TrainingQueue.Claim;
import dev.ferlab.trainer.repository.TrainingQueue.Outcome;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * This trainer's one training thread: claims the oldest free experiment in the queue, trains it while a
 * {@link ClaimKeeper} renews the claim, then publishes the outcome and closes the row. On shutdown it lets the
 * current batch finish, checkpoints, and hands the experiment back to the queue for the next trainer.
 */
@ApplicationScoped
public class TrainingWorker {
    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);
    private final TrainingQueue queue;
    private final TrainingService training;
    private final TrainingEvents events;
    private final TrainerConfig config;
    private final String name;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "claim-renewal");
        t.setDaemon(true);
        return t;
    });
    private final Object wake = new Object();
    private volatile boolean stopping;
    private Thread thread;

    public TrainingWorker(TrainingQueue queue, TrainingService training, TrainingEvents events,
            TrainerConfig config) {
        this.queue = queue;
        this.training = training;
        this.events = events;
        this.config = config;
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

    private void run(Claim claim) throws Exception {
        String id = claim.experimentId();
        ShardsReady ready = Json.message(claim.request(), ShardsReady.class, ShardsReady::experimentId);
        if (claim.attempt() > config.maxAttempts()) {
            fail(claim, new IllegalStateException("experiment " + id + " was claimed " + claim.attempt()
                    + " times and its trainer stopped each time without an outcome (killed or out of memory?)"));
            return;
        }
        LOG.infof("experiment %s claimed (attempt %d, token %d)", id, claim.attempt(), claim.token());
        ModelTrained trained;
        try (ClaimKeeper keeper = new ClaimKeeper(queue, claim, config.lease(), () -> stopping, timer)) {
            try {
                trained = training.train(ready, events::progress, keeper);
            } catch (TrainingInterrupted e) {
                if (e.reason() == TrainingInterrupted.Reason.STOPPING && queue.release(claim)) {
                    LOG.infof("experiment %s handed back to the queue", id);
                } else {
                    LOG.warnf("experiment %s abandoned: %s", id, e.getMessage());
                }
                return;
            } catch (Exception e) {
                LOG.warnf(e, "experiment %s failed in training", id);
                fail(claim, e);
                return;
            }
            keeper.ensureHeld();
            events.trained(trained);
            queue.finish(claim, Outcome.TRAINED);
        }
    }

    private void fail(Claim claim, Exception cause) throws Exception {
        events.failed(ExperimentFailed.of(claim.experimentId(), Stage.TRAIN, cause));
        queue.finish(claim, Outcome.FAILED);
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
