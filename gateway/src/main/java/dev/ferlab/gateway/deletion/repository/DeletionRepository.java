package dev.ferlab.gateway.deletion.repository;

import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.rest.ConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows an experiment owns, across the services' tables in the one database: its own (with its epochs and
 * cross-dataset requests, by cascade), the evaluator's evaluations (and their per-class rows) and the trainers'
 * queue row. Counted for a dry run, deleted in one transaction, with every experiment locked and checked ended.
 */
@ApplicationScoped
public class DeletionRepository {
    /** Tables of other services, and the column naming the experiment: absent until their service has started. */
    private static final Map<String, String> OTHER_TABLES = Map.of("evaluation", "experiment_id",
            "training_queue", "experiment_id");
    private final EntityManager em;

    public DeletionRepository(EntityManager em) {
        this.em = em;
    }

    /** Each experiment locked and refused unless it has ended and no cross-dataset evaluation of it is pending. */
    @Transactional
    public List<Experiment> lockEnded(List<String> ids) {
        List<Experiment> found = ids.stream().map(id -> (Experiment) Experiment.findById(id,
                LockModeType.PESSIMISTIC_WRITE)).toList();
        for (Experiment e : found) {
            if (!e.status.isFinal()) {
                throw new ConflictException("experiment " + e.id + " is " + e.status + "; cancel it or let it end"
                        + " before deleting it");
            }
        }
        Number pending = (Number) em.createNativeQuery("SELECT count(*) FROM evaluation_request WHERE experiment_id"
                + " IN (:ids) AND status = 'REQUESTED'").setParameter("ids", ids).getSingleResult();
        if (pending.longValue() > 0) {
            throw new ConflictException(pending + " cross-dataset evaluation(s) of these experiments are still"
                    + " running; delete them when they have ended");
        }
        return found;
    }

    /** Rows per table that deleting these experiments (and the grid, when given) removes. */
    @Transactional
    public Map<String, Long> count(List<String> ids, String gridId) {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("experiment", count("experiment", "id", ids));
        rows.put("epoch_metric", count("epoch_metric", "experiment_id", ids));
        rows.put("evaluation_request", count("evaluation_request", "experiment_id", ids));
        for (Map.Entry<String, String> t : OTHER_TABLES.entrySet()) {
            if (exists(t.getKey())) {
                rows.put(t.getKey(), count(t.getKey(), t.getValue(), ids));
            }
        }
        if (exists("class_metric") && exists("evaluation")) {
            rows.put("class_metric", ((Number) em.createNativeQuery("SELECT count(*) FROM class_metric c JOIN"
                    + " evaluation e ON e.id = c.evaluation_id WHERE e.experiment_id IN (:ids)")
                    .setParameter("ids", ids).getSingleResult()).longValue());
        }
        if (gridId != null) {
            rows.put("grid", 1L);
        }
        return rows;
    }

    /** Shard sets of these experiments that no other experiment uses. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> shardSetsOnlyTheirs(List<String> ids) {
        return em.createNativeQuery("SELECT DISTINCT shard_set_id FROM experiment WHERE id IN (:ids) AND shard_set_id"
                + " IS NOT NULL AND shard_set_id NOT IN (SELECT shard_set_id FROM experiment WHERE id NOT IN (:ids)"
                + " AND shard_set_id IS NOT NULL) ORDER BY shard_set_id").setParameter("ids", ids).getResultList();
    }

    /**
     * Deletes the rows, the experiments checked ended again under their locks. Experiments outside the set that
     * were retries of these keep existing, their {@code retry_of} cleared.
     */
    @Transactional
    public void delete(List<String> ids, String gridId) {
        lockEnded(ids);
        em.createNativeQuery("UPDATE experiment SET retry_of = NULL WHERE retry_of IN (:ids) AND id NOT IN (:ids)")
                .setParameter("ids", ids).executeUpdate();
        for (Map.Entry<String, String> t : OTHER_TABLES.entrySet()) {
            if (exists(t.getKey())) {
                em.createNativeQuery("DELETE FROM " + t.getKey() + " WHERE " + t.getValue() + " IN (:ids)")
                        .setParameter("ids", ids).executeUpdate();
            }
        }
        em.createNativeQuery("DELETE FROM experiment WHERE id IN (:ids)").setParameter("ids", ids).executeUpdate();
        if (gridId != null) {
            em.createNativeQuery("DELETE FROM grid WHERE id = :id").setParameter("id", gridId).executeUpdate();
        }
    }

    private long count(String table, String column, List<String> ids) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM " + table + " WHERE " + column + " IN (:ids)")
                .setParameter("ids", ids).getSingleResult()).longValue();
    }

    private boolean exists(String table) {
        return em.createNativeQuery("SELECT to_regclass(:t)::text").setParameter("t", table).getSingleResult() != null;
    }
}
