package dev.ferlab.gateway.experiment.messaging;

import dev.ferlab.common.messaging.ExperimentRequested;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@code experiments.requested}, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class ExperimentPublisher {
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private final Emitter<Record<String, ExperimentRequested>> requested;

    public ExperimentPublisher(
            @Channel("experiments-requested") Emitter<Record<String, ExperimentRequested>> requested) {
        this.requested = requested;
    }

    public void requested(ExperimentRequested event) {
        try {
            requested.send(Record.of(event.experimentId(), event)).toCompletableFuture()
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
