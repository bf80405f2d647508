package dev.ferlab.gateway.grid.service;

import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.spec.TransferMode;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.service.ExperimentStore;
import dev.ferlab.gateway.experiment.service.ProgressBroadcaster;
import dev.ferlab.gateway.grid.repository.Grid;
import dev.ferlab.gateway.grid.repository.GridRepository;
import dev.ferlab.gateway.grid.repository.ResultsView;
import dev.ferlab.gateway.grid.rest.GridSubmission;
import dev.ferlab.gateway.rest.IdempotencyKeys;
import dev.ferlab.gateway.rest.UnknownIdException;
import dev.ferlab.gateway.weights.service.MissingWeightsException;
import dev.ferlab.gateway.weights.service.PretrainedWeights;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits grids (validated whole; the grid, its experiments and their events stored in one transaction) and reads
 * their results. An idempotency key makes a retried submission return the grid the first one created.
 */
@ApplicationScoped
public class GridService {
    private final GridRepository grids;
    private final ResultsView results;
    private final ProgressBroadcaster progress;
    private final PretrainedWeights weights;

    public GridService(GridRepository grids, ResultsView results, ProgressBroadcaster progress,
            PretrainedWeights weights) {
        this.grids = grids;
        this.results = results;
        this.progress = progress;
        this.weights = weights;
    }

    /** @param created false when the idempotency key named a grid submitted before */
    public record Submitted(Grid grid, List<Experiment> experiments, boolean created) {
    }

    public Submitted submit(GridSubmission submission, String idempotencyKey) {
        String key = IdempotencyKeys.normalise(idempotencyKey);
        IdempotencyKeys.Outcome<Grid> outcome = IdempotencyKeys.createOnce(key, grids::byIdempotencyKey,
                () -> create(submission, key));
        List<Experiment> rows = grids.experiments(outcome.value().id);
        if (outcome.created()) {
            rows.forEach(e -> progress.publish(e.id));
        }
        return new Submitted(outcome.value(), rows, outcome.created());
    }

    private Grid create(GridSubmission submission, String key) {
        List<ExperimentSpec> specs = runnable(submission);
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
        grids.create(grid, rows);
        return grid;
    }

    /**
     * The submission's cells (each spec once: a cell is its spec), less the {@code partial} and {@code full} ones of
     * models without pretrained weights when {@code skipMissingWeights} allows; refused otherwise.
     */
    private List<ExperimentSpec> runnable(GridSubmission submission) {
        List<ExperimentSpec> specs = GridExpansion.expand(submission).stream().distinct().toList();
        List<ModelArchitecture> missing = weights.missingFor(specs);
        if (!missing.isEmpty()) {
            List<ExperimentSpec> runnable = specs.stream()
                    .filter(s -> s.transferMode() == TransferMode.NONE || !missing.contains(s.model())).toList();
            if (!Boolean.TRUE.equals(submission.skipMissingWeights()) || runnable.isEmpty()) {
                throw new MissingWeightsException(missing);
            }
            specs = runnable;
        }
        return specs;
    }

    /**
     * Completes a stored grid: its own cells, any cells added to it since, and the cells of {@code additions} (a grid
     * submission whose left-out fields are the grid's: {@code {"seeds": [2, 3]}} is the same grid with two more
     * seeds), each run once: the missing, failed and cancelled ones are queued, the finished and running ones kept
     * ({@link GridRepository#complete}).
     */
    public GridRepository.Completion complete(String gridId, GridSubmission additions) {
        Grid grid = grids.byId(gridId).orElseThrow(() -> new UnknownIdException("grid", gridId));
        List<ExperimentSpec> wanted = new ArrayList<>(grid.request == null ? List.of() : runnable(grid.request));
        grids.experiments(gridId).forEach(e -> wanted.add(e.spec));
        if (additions != null && grid.request != null) {
            wanted.addAll(runnable(additions.over(grid.request)));
        }
        if (wanted.size() > GridExpansion.MAX_EXPERIMENTS) {
            throw new InvalidSpecException(List.of(new FieldError("body", "the grid would hold " + wanted.size()
                    + " experiments; at most " + GridExpansion.MAX_EXPERIMENTS + " per grid")));
        }
        GridRepository.Completion done = grids.complete(gridId, wanted, Instant.now());
        done.queued().forEach(e -> progress.publish(e.id));
        return done;
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
