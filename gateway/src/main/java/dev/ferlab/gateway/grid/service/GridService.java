package dev.ferlab.gateway.grid.service;

import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.service.ExperimentService;
import dev.ferlab.gateway.experiment.service.ExperimentStore;
import dev.ferlab.gateway.grid.repository.Grid;
import dev.ferlab.gateway.grid.repository.GridRepository;
import dev.ferlab.gateway.grid.repository.ResultsView;
import dev.ferlab.gateway.grid.rest.GridSubmission;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits grids (validated whole, stored in one transaction, then queued run by run) and reads their results.
 * An idempotency key makes a retried submission return the grid the first one created.
 */
@ApplicationScoped
public class GridService {
    static final int MAX_KEY_LENGTH = 200;
    private final GridRepository grids;
    private final ExperimentService experiments;
    private final ResultsView results;

    public GridService(GridRepository grids, ExperimentService experiments, ResultsView results) {
        this.grids = grids;
        this.experiments = experiments;
        this.results = results;
    }

    /** @param created false when the idempotency key named a grid submitted before */
    public record Submitted(Grid grid, List<Experiment> experiments, boolean created) {
    }

    public Submitted submit(GridSubmission submission, String idempotencyKey) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.trim();
        if (key != null && key.length() > MAX_KEY_LENGTH) {
            throw new InvalidSpecException(List.of(new FieldError("Idempotency-Key",
                    "must be at most " + MAX_KEY_LENGTH + " characters, got " + key.length())));
        }
        if (key != null) {
            Optional<Grid> earlier = grids.byIdempotencyKey(key);
            if (earlier.isPresent()) {
                return new Submitted(earlier.get(), grids.experiments(earlier.get().id), false);
            }
        }
        List<ExperimentSpec> specs = GridExpansion.expand(submission);
        Instant now = Instant.now();
        Grid grid = new Grid();
        grid.id = UUID.randomUUID().toString();
        grid.name = submission.name() == null || submission.name().isBlank()
                ? (submission.preset() != null ? submission.preset() + " grid" : "grid") + " of " + specs.size()
                : submission.name().trim();
        grid.idempotencyKey = key;
        grid.request = submission;
        grid.createdAt = now;
        List<Experiment> rows = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            // Creation times one microsecond apart keep the submission order when listing.
            rows.add(ExperimentStore.newExperiment(UUID.randomUUID().toString(), specs.get(i),
                    now.plusNanos(1000L * i), grid.id));
        }
        try {
            grids.create(grid, rows);
        } catch (RuntimeException e) {
            // The same key submitted concurrently: the other request's grid won the unique key.
            if (key != null) {
                Optional<Grid> winner = grids.byIdempotencyKey(key);
                if (winner.isPresent()) {
                    return new Submitted(winner.get(), grids.experiments(winner.get().id), false);
                }
            }
            throw e;
        }
        experiments.publishAll(rows);
        return new Submitted(grid, rows, true);
    }

    public Optional<Grid> find(String id) {
        return grids.byId(id);
    }

    public List<Experiment> experiments(String gridId) {
        return grids.experiments(gridId);
    }

    public List<Grid> newest(int limit) {
        return grids.newest(limit);
    }

    public List<ResultRow> results(String gridId) {
        return results.ofGrid(gridId);
    }
}
