package dev.ferlab.gateway.evaluation.messaging;

import dev.ferlab.common.messaging.EvaluationRequested;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@code evaluations.requested}, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class EvaluationRequestPublisher {
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private final Emitter<Record<String, EvaluationRequested>> requested;

    public EvaluationRequestPublisher(
            @Channel("evaluations-requested") Emitter<Record<String, EvaluationRequested>> requested) {
        this.requested = requested;
    }

    public void requested(EvaluationRequested event) {
        try {
            requested.send(Record.of(event.experimentId(), event)).toCompletableFuture()
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (Exception e) {
            throw new IllegalStateException("the message broker did not accept the request: " + e.getMessage(), e);
        }
    }
}
