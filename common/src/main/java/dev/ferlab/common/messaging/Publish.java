package dev.ferlab.common.messaging;

import io.smallrye.reactive.messaging.kafka.Record;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** How every service publishes an event: keyed by experiment id, waiting until the broker has stored it. */
public final class Publish {
    private Publish() {
    }

    /**
     * Sends and waits for the broker's acknowledgement. A broker that cannot be reached fails this with Kafka's
     * timeout, an infrastructure fault that the caller's {@code Retrying} waits out.
     */
    public static <T> void keyed(Emitter<Record<String, T>> emitter, String experimentId, T event) {
        emitter.send(Record.of(experimentId, event)).toCompletableFuture().join();
    }
}
