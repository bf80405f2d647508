package dev.ferlab.trainer.messaging;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentCancelled;
import dev.ferlab.trainer.repository.TrainingQueue;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code experiments.cancelled}: closes the experiment's queue row. One trainer of the group receives
 * it; the row is shared, so the holder, whichever trainer it is, loses its claim at its next renewal.
 */
@ApplicationScoped
public class ExperimentCancelledConsumer {
    private static final Logger LOG = Logger.getLogger(ExperimentCancelledConsumer.class);
    private final TrainingQueue queue;

    public ExperimentCancelledConsumer(TrainingQueue queue) {
        this.queue = queue;
    }

    @Incoming("experiments-cancelled")
    @Blocking
    public void onCancelled(String json) throws SQLException {
        ExperimentCancelled cancelled = Json.message(json, ExperimentCancelled.class,
                ExperimentCancelled::experimentId);
        if (queue.cancel(cancelled.experimentId())) {
            LOG.infof("experiment %s cancelled: closed in the training queue", cancelled.experimentId());
        } else {
            LOG.infof("experiment %s cancelled after its training had ended: nothing to stop",
                    cancelled.experimentId());
        }
    }
}
