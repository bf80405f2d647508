package dev.ferlab.trainer.messaging;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ExperimentCancelled;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.trainer.repository.TrainingQueue;
import dev.ferlab.trainer.service.TrainingWorker;
import io.micrometer.core.annotation.Counted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code experiments.cancelled}: closes the experiment's queue row. One trainer of the group receives
 * it; the row is shared, so the holder, whichever trainer it is, loses its claim at its next renewal, or at its next
 * batch when the holder is this trainer. A database
 * outage is waited out: the cancellation is acknowledged only once the row is closed.
 */
@ApplicationScoped
public class ExperimentCancelledConsumer {
    private static final Logger LOG = Logger.getLogger(ExperimentCancelledConsumer.class);
    private final TrainingQueue queue;
    private final Retrying retrying;
    private final TrainingWorker worker;

    public ExperimentCancelledConsumer(TrainingQueue queue, Retrying retrying, TrainingWorker worker) {
        this.queue = queue;
        this.retrying = retrying;
        this.worker = worker;
    }

    @Incoming("experiments-cancelled")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "experiments-cancelled"})
    @Blocking
    public void onCancelled(String json) throws Exception {
        String id = Json.message(json, ExperimentCancelled.class, ExperimentCancelled::experimentId).experimentId();
        if (retrying.call("experiment " + id + ": closing the queue row of a cancellation", () -> queue.cancel(id))) {
            LOG.infof("experiment %s cancelled: closed in the training queue", id);
            worker.cancelled(id);
        } else {
            LOG.infof("experiment %s cancelled after its training had ended: nothing to stop", id);
        }
    }
}
