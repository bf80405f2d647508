package dev.ferlab.gateway.grid.repository;

import dev.ferlab.gateway.grid.service.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Reads view {@code experiment_results}, which the evaluator creates over both services' tables (README, "Results
 * in SQL"): the export shows exactly what a SQL dashboard shows.
 */
@ApplicationScoped
public class ResultsView {
    private final EntityManager em;

    public ResultsView(EntityManager em) {
        this.em = em;
    }

    /** @throws ResultsViewMissingException when the evaluator has not created the view yet */
    @Transactional
    public List<ResultRow> ofGrid(String gridId) {
        try {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT experiment_id, status, model, transfer_mode, "
                    + "preprocessing, seed, train_accuracy, validation_accuracy, test_accuracy, test_precision, "
                    + "test_recall, test_f1 FROM experiment_results WHERE grid_id = ?1 "
                    + "ORDER BY created_at, experiment_id").setParameter(1, gridId).getResultList();
            return rows.stream().map(r -> new ResultRow((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                    (String) r[4], r[5] == null ? null : ((Number) r[5]).longValue(), d(r[6]), d(r[7]), d(r[8]),
                    d(r[9]), d(r[10]), d(r[11]))).toList();
        } catch (PersistenceException e) {
            if (String.valueOf(rootMessage(e)).contains("experiment_results")) {
                throw new ResultsViewMissingException();
            }
            throw e;
        }
    }

    private static Double d(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** The view does not exist: the evaluator creates it at its start, once the gateway's tables exist. */
    public static class ResultsViewMissingException extends RuntimeException {
        public ResultsViewMissingException() {
            super("results are not readable yet: view experiment_results does not exist; the evaluator creates it "
                    + "when it starts (is evaluator-service running against this database?)");
        }
    }
}
