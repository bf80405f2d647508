package dev.ferlab.gateway.experiment.service;

import dev.ferlab.gateway.experiment.rest.ProgressUpdate;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fans every experiment change out to the open Server-Sent Events streams. The event consumers call
 * {@link #publish} after they have stored what an event said; a stream starts with the state as stored, then
 * follows, and ends when its experiment (or every experiment of its grid) has ended.
 */
@ApplicationScoped
public class ProgressBroadcaster {
    private final ExperimentStore store;
    private final BroadcastProcessor<ProgressUpdate> updates = BroadcastProcessor.create();

    public ProgressBroadcaster(ExperimentStore store) {
        this.store = store;
    }

    /** Reads the experiment as stored and sends it to the streams following it. */
    public void publish(String experimentId) {
        store.find(experimentId).ifPresent(e -> {
            ProgressUpdate u = ProgressUpdate.of(e, store.curve(experimentId));
            synchronized (updates) {
                // BroadcastProcessor wants its items one at a time; events arrive on several consumer threads.
                updates.onNext(u);
            }
        });
    }

    /** @param now the experiment as stored when the stream opens */
    public Multi<ProgressUpdate> experiment(ProgressUpdate now) {
        if (now.finished()) {
            return Multi.createFrom().item(now);
        }
        return Multi.createFrom().emitter(em -> {
            em.emit(now);
            Cancellable following = updates.filter(u -> u.experimentId().equals(now.experimentId())).subscribe()
                    .with(u -> {
                        em.emit(u);
                        if (u.finished()) {
                            em.complete();
                        }
                    }, em::fail);
            em.onTermination(following::cancel);
        });
    }

    /** @param now every experiment of the grid as stored when the stream opens */
    public Multi<ProgressUpdate> grid(String gridId, List<ProgressUpdate> now) {
        Set<String> open = new HashSet<>();
        now.stream().filter(u -> !u.finished()).forEach(u -> open.add(u.experimentId()));
        if (open.isEmpty()) {
            return Multi.createFrom().iterable(now);
        }
        return Multi.createFrom().emitter(em -> {
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
        });
    }
}
