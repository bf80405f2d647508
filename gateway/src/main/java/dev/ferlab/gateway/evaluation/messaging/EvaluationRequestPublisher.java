package dev.ferlab.gateway.evaluation.messaging;

import dev.ferlab.common.messaging.EvaluationRequested;
import dev.ferlab.gateway.messaging.BrokerAcks;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@code evaluations.requested}, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class EvaluationRequestPublisher {
    private final Emitter<Record<String, EvaluationRequested>> requested;

    public EvaluationRequestPublisher(
            @Channel("evaluations-requested") Emitter<Record<String, EvaluationRequested>> requested) {
        this.requested = requested;
    }

    public void requested(EvaluationRequested event) {
        BrokerAcks.send(requested, event.experimentId(), event, "the evaluation request");
    }
}
