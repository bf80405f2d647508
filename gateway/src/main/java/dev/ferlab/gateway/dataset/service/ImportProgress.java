package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.spec.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each running or recent dataset import is, by its {@code importId}, so that a client can show a progress bar
 * from a second connection, or follow an import that runs as a job ({@link ImportJobs}). Imports happen inside the
 * gateway, so this is the gateway's own memory; the last {@value #KEPT} imports are kept.
 */
@ApplicationScoped
public class ImportProgress {
    static final int KEPT = 200;

    /**
     * {@code total} is -1 while unknown (a CSV is counted as it is read). A DONE import names its dataset and whether
     * that was already registered; a FAILED one carries the answer a synchronous import would have given: its HTTP
     * status, what went wrong and, for a refused dataset, each file or setting and what to fix.
     */
    public record State(String importId, String status, int done, int total, String datasetId, Boolean existing,
            String error, Integer httpStatus, List<FieldError> fields, Instant updatedAt) {
        public boolean running() {
            return "RUNNING".equals(status);
        }
    }

    private final Map<String, State> states = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > KEPT;
        }
    };

    public synchronized State running(String importId, int done, int total) {
        return put(new State(importId, "RUNNING", done, total, null, null, null, null, null, Instant.now()));
    }

    /** Marks {@code importId} running unless an import with that id runs already; empty then. */
    public synchronized Optional<State> begin(String importId) {
        State last = states.get(importId);
        return last != null && last.running() ? Optional.empty() : Optional.of(running(importId, 0, -1));
    }

    public synchronized void done(String importId, String datasetId, int images, boolean existing) {
        put(new State(importId, "DONE", images, images, datasetId, existing, null, null, null, Instant.now()));
    }

    public synchronized void failed(String importId, int httpStatus, String error, List<FieldError> fields) {
        State last = states.get(importId);
        put(new State(importId, "FAILED", last == null ? 0 : last.done(), last == null ? -1 : last.total(), null,
                null, error, httpStatus, fields, Instant.now()));
    }

    public synchronized Optional<State> find(String importId) {
        return Optional.ofNullable(states.get(importId));
    }

    private State put(State state) {
        if (state.importId() != null) {
            states.put(state.importId(), state);
        }
        return state;
    }
}
