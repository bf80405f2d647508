package dev.ferlab.gateway.dataset.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each running or recent dataset import is, by the {@code importId} its client chose, so that a client can
 * show a progress bar from a second connection while a large upload is checked. Imports happen inside the gateway,
 * so this is the gateway's own memory; the last {@value #KEPT} imports are kept.
 */
@ApplicationScoped
public class ImportProgress {
    static final int KEPT = 200;

    /** {@code total} is -1 while unknown (a CSV is counted as it is read). */
    public record State(String importId, String status, int done, int total, String datasetId, String error,
            Instant updatedAt) {
    }

    private final Map<String, State> states = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > KEPT;
        }
    };

    public synchronized void running(String importId, int done, int total) {
        if (importId != null) {
            states.put(importId, new State(importId, "RUNNING", done, total, null, null, Instant.now()));
        }
    }

    public synchronized void done(String importId, String datasetId, int images) {
        if (importId != null) {
            states.put(importId, new State(importId, "DONE", images, images, datasetId, null, Instant.now()));
        }
    }

    public synchronized void failed(String importId, String error) {
        if (importId != null) {
            State last = states.get(importId);
            states.put(importId, new State(importId, "FAILED", last == null ? 0 : last.done(),
                    last == null ? -1 : last.total(), null, error, Instant.now()));
        }
    }

    public synchronized Optional<State> find(String importId) {
        return Optional.ofNullable(states.get(importId));
    }
}
