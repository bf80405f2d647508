package dev.ferlab.gateway.experiment.messaging;

import dev.ferlab.common.messaging.ExperimentCancelled;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@code experiments.cancelled}, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class ExperimentCancelledPublisher {
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private final Emitter<Record<String, ExperimentCancelled>> cancelled;

    public ExperimentCancelledPublisher(
            @Channel("experiments-cancelled") Emitter<Record<String, ExperimentCancelled>> cancelled) {
        this.cancelled = cancelled;
    }

    public void cancelled(ExperimentCancelled event) {
        try {
            cancelled.send(Record.of(event.experimentId(), event)).toCompletableFuture()
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (Exception e) {
            throw new IllegalStateException("the message broker did not accept the cancellation: " + e.getMessage(),
                    e);
        }
    }
}
