package dev.ferlab.gateway.messaging;

import io.smallrye.reactive.messaging.kafka.Record;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The gateway's one way to publish: send keyed by experiment id, then wait for the broker's acknowledgement, so
 * that a request is answered 202 only once its message is stored in Kafka.
 */
public final class BrokerAcks {
    static final long TIMEOUT_SECONDS = 30;

    private BrokerAcks() {
    }

    /** @throws IllegalStateException saying the broker did not accept {@code what} */
    public static <T> void send(Emitter<Record<String, T>> emitter, String key, T event, String what) {
        try {
            emitter.send(Record.of(key, event)).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException("the message broker did not accept " + what + ": " + e.getMessage(), e);
        }
    }
}
