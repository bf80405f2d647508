package dev.ferlab.gateway.experiment.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gateway may read of the trainers' queue: the trainer's view {@code training_queue_state} (DESIGN.md:
 * another service reads a table only through a view its owner creates). Before the first trainer has started the
 * view does not exist, and the queue reads as empty.
 */
@ApplicationScoped
public class TrainersQueue {
    /** An experiment's row: still to be trained (waiting or held), or ended when. */
    public record State(boolean open, Instant finishedAt) {
    }

    private final EntityManager em;
    private final java.util.Set<String> columnsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public TrainersQueue(EntityManager em) {
        this.em = em;
    }

    /** The rows of these experiments, in a transaction of its own. */
    public Map<String, State> states(Collection<String> ids) {
        Map<String, State> states = new HashMap<>();
        if (ids.isEmpty()) {
            return states;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (hasColumn("finished_at")) {
                for (Object[] row : rows("SELECT experiment_id, finished_at FROM training_queue_state "
                        + "WHERE experiment_id IN (:ids)", ids)) {
                    Instant finished = instant(row[1]);
                    states.put((String) row[0], new State(finished == null, finished));
                }
            }
        });
        return states;
    }

    /** The place of every experiment that waits for a trainer (1 is taken next), in a transaction of its own. */
    public Map<String, Integer> positions() {
        Map<String, Integer> positions = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> {
            if (hasColumn("queue_position")) { // the trainer's V4 added it
                for (Object[] row : rows("SELECT experiment_id, queue_position FROM training_queue_state "
                        + "WHERE queue_position IS NOT NULL", null)) {
                    positions.put((String) row[0], ((Number) row[1]).intValue());
                }
            }
        });
        return positions;
    }

    /**
     * Whether the trainers' view has the column yet. Once it has, it keeps it (the trainer's migrations only add),
     * so the catalogue is asked only until then, not at every read of the queue.
     */
    private boolean hasColumn(String column) {
        if (columnsSeen.contains(column)) {
            return true;
        }
        boolean has = Boolean.TRUE.equals(em.createNativeQuery("SELECT EXISTS (SELECT 1 FROM "
                + "information_schema.columns WHERE table_name = 'training_queue_state' AND column_name = ?1)")
                .setParameter(1, column).getSingleResult());
        if (has) {
            columnsSeen.add(column);
        }
        return has;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Collection<String> ids) {
        var query = em.createNativeQuery(sql);
        if (ids != null) {
            query.setParameter("ids", ids);
        }
        return query.getResultList();
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Timestamp t ? t.toInstant()
                : value instanceof OffsetDateTime o ? o.toInstant() : (Instant) value;
    }
}
