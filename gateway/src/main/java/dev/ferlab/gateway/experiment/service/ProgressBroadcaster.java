package dev.ferlab.gateway.experiment.service;

import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.repository.TrainersQueue;
import dev.ferlab.gateway.experiment.rest.ProgressUpdate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans every experiment change out to the open Server-Sent Events streams. The event consumers call
 * {@link #publish} after they have stored what an event said; a stream starts with the state as stored, then
 * follows, and ends when its experiment (or every experiment of its grid) has ended; the stream of all experiments
 * follows until its client leaves. Gauge {@code ferlab.gateway.streams.open} counts the open streams.
 */
@ApplicationScoped
public class ProgressBroadcaster {
    /** As many as the list endpoint gives at most. */
    private static final int MAX_WAITING_SENT = 500;
    private final ExperimentStore store;
    private final TrainersQueue trainers;
    private final BroadcastProcessor<ProgressUpdate> updates = BroadcastProcessor.create();
    private final AtomicInteger open = new AtomicInteger();
    /** The place in the queue last sent for each experiment that had one. */
    private final Map<String, Integer> placeSent = new java.util.concurrent.ConcurrentHashMap<>();

    public ProgressBroadcaster(ExperimentStore store, TrainersQueue trainers, MeterRegistry registry) {
        this.store = store;
        this.trainers = trainers;
        Gauge.builder(PipelineMeters.GATEWAY_STREAMS_OPEN, open, AtomicInteger::get)
                .description("Server-Sent Events streams open now").register(registry);
    }

    /**
     * Reads the experiment as stored and sends it to the streams following it. The read and the send happen under
     * one lock: consumers of two topics publishing one experiment at once would otherwise send their reads in
     * either order, and a page would see its status go back (the 27-run browser test saw WAITING, PREPROCESSING,
     * WAITING, when a reused shard set's {@code shards.ready} and its one step's progress came together).
     */
    public void publish(String experimentId) {
        synchronized (updates) {
            store.find(experimentId).ifPresent(e -> {
                Integer place = e.status == ExperimentStatus.WAITING || e.status == ExperimentStatus.TRAINING
                        ? trainers.positions().get(experimentId) : null;
                send(ProgressUpdate.of(e, store.curve(experimentId), place));
            });
        }
    }

    /**
     * Sends again each waiting experiment whose place in the trainers' queue is not the one last sent: after a
     * trainer took one (each moved up), and at every reconciler round (a run the trainers queued after its
     * {@code shards.ready} reached the gateway gets its first place).
     */
    public void publishWaiting() {
        synchronized (updates) { // read and sent in one, as in publish
            Map<String, Integer> positions = trainers.positions();
            for (Experiment e : store.list(Optional.of(ExperimentStatus.WAITING), Optional.empty(), Optional.empty(),
                    MAX_WAITING_SENT)) {
                if (!java.util.Objects.equals(placeSent.get(e.id), positions.get(e.id))) {
                    send(ProgressUpdate.of(e, store.curve(e.id), positions.get(e.id)));
                }
            }
        }
    }

    private void send(ProgressUpdate u) {
        if (u.queuePosition() == null) {
            placeSent.remove(u.experimentId());
        } else {
            placeSent.put(u.experimentId(), u.queuePosition());
        }
        synchronized (updates) {
            // BroadcastProcessor wants its items one at a time; events arrive on several consumer threads.
            updates.onNext(u);
        }
    }

    /**
     * Every experiment's changes, for as long as the client stays: {@code now} first (the experiments as stored
     * when the stream opens), then every update of any experiment, a new one's included. A page needs no other
     * stream, however many experiments it shows.
     */
    public Multi<ProgressUpdate> all(List<ProgressUpdate> now) {
        return counted(Multi.createFrom().emitter(em -> {
            now.forEach(em::emit);
            Cancellable following = updates.subscribe().with(em::emit, em::fail);
            em.onTermination(following::cancel);
        }));
    }

    /** The stream, counted in the open-streams gauge from subscription to its end or its client's leaving. */
    private Multi<ProgressUpdate> counted(Multi<ProgressUpdate> stream) {
        return stream.onSubscription().invoke(() -> open.incrementAndGet())
                .onTermination().invoke(() -> open.decrementAndGet());
    }

    /** @param now the experiment as stored when the stream opens */
    public Multi<ProgressUpdate> experiment(ProgressUpdate now) {
        if (now.finished()) {
            return Multi.createFrom().item(now);
        }
        return counted(Multi.createFrom().emitter(em -> {
            em.emit(now);
            Cancellable following = updates.filter(u -> u.experimentId().equals(now.experimentId())).subscribe()
                    .with(u -> {
                        em.emit(u);
                        if (u.finished()) {
                            em.complete();
                        }
                    }, em::fail);
            em.onTermination(following::cancel);
        }));
    }

    /** @param now every experiment of the grid as stored when the stream opens */
    public Multi<ProgressUpdate> grid(String gridId, List<ProgressUpdate> now) {
        Set<String> open = new HashSet<>();
        now.stream().filter(u -> !u.finished()).forEach(u -> open.add(u.experimentId()));
        if (open.isEmpty()) {
            return Multi.createFrom().iterable(now);
        }
        return counted(Multi.createFrom().emitter(em -> {
            now.forEach(em::emit);
            Cancellable following = updates.filter(u -> gridId.equals(u.gridId())).subscribe().with(u -> {
                em.emit(u);
                synchronized (open) {
                    if (u.finished()) {
                        open.remove(u.experimentId());
                    }
                    if (open.isEmpty()) {
                        em.complete();
                    }
                }
            }, em::fail);
            em.onTermination(following::cancel);
        }));
    }
}
