package dev.ferlab.gateway.experiment.messaging;

import dev.ferlab.common.messaging.ExperimentCancelled;
import dev.ferlab.gateway.messaging.BrokerAcks;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@code experiments.cancelled}, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class ExperimentCancelledPublisher {
    private final Emitter<Record<String, ExperimentCancelled>> cancelled;

    public ExperimentCancelledPublisher(
            @Channel("experiments-cancelled") Emitter<Record<String, ExperimentCancelled>> cancelled) {
        this.cancelled = cancelled;
    }

    public void cancelled(ExperimentCancelled event) {
        BrokerAcks.send(cancelled, event.experimentId(), event, "the cancellation");
    }
}
