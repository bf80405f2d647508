package dev.ferlab.gateway.experiment.service;

import dev.ferlab.common.fault.Faults;
import dev.ferlab.common.messaging.Topics;
import dev.ferlab.gateway.config.GatewayConfig;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.repository.TrainersQueue;
import dev.ferlab.gateway.messaging.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Notices an experiment whose stage has made no progress past that stage's deadline and drives it on: it marks the
 * experiment stalled (the API, CLI and dashboard show since when, and how often it was driven on) and publishes its
 * request again, which every stage answers from what it has stored (DESIGN.md: a stage that makes no progress past
 * its deadline is noticed and driven on). Re-drives back off (the deadline, doubled each time, at most an hour), so
 * a service that is down for long is not flooded. An experiment in the training queue is judged by the queue,
 * through the trainer's view {@code training_queue_state}: one that waits for a trainer, or that a live trainer
 * holds, is never stalled, however long an epoch takes.
 */
@ApplicationScoped
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final int MAX_PER_ROUND = 1000;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final ExperimentStore store;
    private final Outbox outbox;
    private final ProgressBroadcaster progress;
    private final TrainersQueue trainers;
    private final GatewayConfig.Reconcile config;

    public Reconciler(ExperimentStore store, Outbox outbox, ProgressBroadcaster progress, TrainersQueue trainers,
            GatewayConfig config) {
        this.store = store;
        this.outbox = outbox;
        this.progress = progress;
        this.trainers = trainers;
        this.config = config.reconcile();
    }

    @Scheduled(every = "${ferlab.gateway.reconcile.interval:15s}", delayed = "${ferlab.gateway.reconcile.interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        try {
            reconcile(Instant.now());
            progress.publishWaiting();
        } catch (RuntimeException e) {
            LOG.warnf("reconciler waits for its next round: %s", Faults.describe(e));
        }
    }

    /** One round; returns the ids of the experiments driven on. */
    public List<String> reconcile(Instant now) {
        List<Experiment> open = QuarkusTransaction.requiringNew().call(() -> Experiment.<Experiment>find(
                "status in ?1 order by progressAt", List.of(ExperimentStatus.QUEUED, ExperimentStatus.PREPROCESSING,
                        ExperimentStatus.WAITING, ExperimentStatus.TRAINING, ExperimentStatus.EVALUATING))
                .page(0, MAX_PER_ROUND).list());
        Map<String, TrainersQueue.State> queue = trainers.states(open.stream().filter(Reconciler::inTrainersQueue)
                .map(e -> e.id).toList());
        List<String> driven = new ArrayList<>();
        for (Experiment e : open) {
            Duration deadline = deadline(e.status);
            Instant due = e.progressAt.plus(deadline);
            if (inTrainersQueue(e)) {
                // Queued or held there, it is not stalled however long the queue; gone from it, it is.
                TrainersQueue.State q = queue.get(e.id);
                if (q != null && q.open()) {
                    continue;
                }
                if (q != null && q.finishedAt() != null && q.finishedAt().plus(deadline).isAfter(due)) {
                    due = q.finishedAt().plus(deadline);
                }
            }
            boolean waitsForBroker = false;
            if (e.status == ExperimentStatus.QUEUED && !now.isBefore(due)) {
                // Its deadline runs from when its request reached the broker, not from when it was accepted.
                Optional<Instant> sent = outbox.sent(Topics.EXPERIMENTS_REQUESTED, e.id);
                waitsForBroker = sent.isEmpty();
                if (sent.isPresent() && sent.get().plus(deadline).isAfter(due)) {
                    due = sent.get().plus(deadline);
                }
            }
            if (now.isBefore(due)) {
                continue;
            }
            if (waitsForBroker) {
                // Its request is still in the outbox: the broker is away, and the relay is on it.
                store.stalled(e.id, due);
            } else if (e.redrivenAt == null || !now.isBefore(e.redrivenAt.plus(backoff(deadline, e.redrives)))) {
                store.redrive(e.id, due);
                driven.add(e.id);
                LOG.warnf("experiment %s: no progress in %s since %s (deadline %s); its request is published again "
                        + "(re-drive %d)", e.id, e.status, e.progressAt, deadline, e.redrives + 1);
            } else {
                store.stalled(e.id, due);
            }
            progress.publish(e.id);
        }
        return driven;
    }

    private static boolean inTrainersQueue(Experiment e) {
        return e.status == ExperimentStatus.WAITING || e.status == ExperimentStatus.TRAINING;
    }

    private Duration deadline(ExperimentStatus status) {
        return switch (status) {
            case QUEUED -> config.queued();
            case PREPROCESSING -> config.preprocessing();
            case WAITING, TRAINING -> config.training();
            default -> config.evaluating();
        };
    }

    /** The pause before re-drive n + 1: the deadline, doubled with every earlier re-drive, at most an hour. */
    static Duration backoff(Duration deadline, int redrives) {
        Duration d = deadline;
        for (int i = 1; i < redrives && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
