package dev.ferlab.gateway.experiment.messaging;

import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.gateway.messaging.BrokerAcks;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes {@code experiments.requested}, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class ExperimentPublisher {
    private final Emitter<Record<String, ExperimentRequested>> requested;

    public ExperimentPublisher(
            @Channel("experiments-requested") Emitter<Record<String, ExperimentRequested>> requested) {
        this.requested = requested;
    }

    public void requested(ExperimentRequested event) {
        BrokerAcks.send(requested, event.experimentId(), event, "the experiment");
    }
}
