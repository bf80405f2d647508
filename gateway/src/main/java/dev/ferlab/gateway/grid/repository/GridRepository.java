package dev.ferlab.gateway.grid.repository;

import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.service.ExperimentStore;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

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
