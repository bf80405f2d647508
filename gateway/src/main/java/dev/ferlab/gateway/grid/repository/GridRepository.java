package dev.ferlab.gateway.grid.repository;

import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.service.ExperimentStore;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Grids and their experiments: a grid, all its rows and their events are written in one transaction, or none of
 * them.
 */
@ApplicationScoped
public class GridRepository implements PanacheRepositoryBase<Grid, String> {
    private final ExperimentStore experiments;

    public GridRepository(ExperimentStore experiments) {
        this.experiments = experiments;
    }

    @Transactional
    public void create(Grid grid, List<Experiment> rows) {
        persist(grid);
        getEntityManager().flush();
        experiments.queueAll(rows);
    }

    /**
     * Adds to a grid the cells it lacks, in one transaction with the grid row locked, so that two completions at
     * once cannot both add a cell: each wanted spec with a live or completed experiment is kept; one whose
     * experiments all failed or were cancelled runs again ({@code retryOf} its latest); one without any is added.
     */
    @Transactional
    public Completion complete(String gridId, List<ExperimentSpec> wanted, Instant now) {
        Grid grid = findById(gridId, LockModeType.PESSIMISTIC_WRITE);
        if (grid == null) {
            return null;
        }
        List<Experiment> existing = experiments(gridId);
        List<Experiment> rows = new ArrayList<>();
        int kept = 0;
        int retried = 0;
        for (ExperimentSpec spec : new LinkedHashSet<>(wanted)) {
            List<Experiment> same = existing.stream().filter(e -> spec.equals(e.spec)).toList();
            if (same.stream().anyMatch(e -> e.status != ExperimentStatus.FAILED
                    && e.status != ExperimentStatus.CANCELLED)) {
                kept++;
                continue;
            }
            Experiment e = ExperimentStore.newExperiment(UUID.randomUUID().toString(), spec,
                    now.plusNanos(1000L * rows.size()), gridId);
            if (!same.isEmpty()) {
                e.retryOf = same.get(same.size() - 1).id;
                retried++;
            }
            rows.add(e);
        }
        experiments.queueAll(rows);
        return new Completion(grid, rows, rows.size() - retried, retried, kept);
    }

    /** What a completion did: the experiments it queued, how many were new cells and reruns, how many it kept. */
    public record Completion(Grid grid, List<Experiment> queued, int added, int retried, int kept) {
    }

    @Transactional
    public Optional<Grid> byIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResultOptional();
    }

    @Transactional
    public Optional<Grid> byId(String id) {
        return findByIdOptional(id);
    }

    @Transactional
    public List<Experiment> experiments(String gridId) {
        return Experiment.list("gridId", Sort.by("createdAt").and("id"), gridId);
    }

    @Transactional
    public List<Grid> newest(int limit) {
        return findAll(Sort.by("createdAt", Sort.Direction.Descending)).page(0, limit).list();
    }
}
