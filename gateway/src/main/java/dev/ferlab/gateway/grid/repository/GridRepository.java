package dev.ferlab.gateway.grid.repository;

import dev.ferlab.gateway.experiment.repository.Experiment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Grids and their experiments: a grid and all its rows are written in one transaction, or none of them. */
@ApplicationScoped
public class GridRepository implements PanacheRepositoryBase<Grid, String> {

    @Transactional
    public void create(Grid grid, List<Experiment> experiments) {
        persist(grid);
        getEntityManager().flush();
        experiments.forEach(e -> e.persist());
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
