package dev.ferlab.gateway.messaging;

import dev.ferlab.common.fault.Faults;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's pending events to Kafka in the order they were stored, each marked sent once the broker has
 * acknowledged it. One relay at a time sends (a PostgreSQL advisory lock, so that several gateways keep the order);
 * a send that fails stops the batch, keeps its place, and is tried again with backoff while the broker is away.
 * Woken after every commit that adds events, and polling every second for anything left.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    /** Sends refused for a reason other than an outage before the relay gives the event up (and logs it). */
    private static final int MAX_REFUSALS = 5;
    private static final long LOCK = 4242018;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    /** Sent rows are kept this long, for inspection, then deleted. */
    private static final Duration KEEP_SENT = Duration.ofDays(7);

    private final MutinyEmitter<String> emitter;
    private final Object wake = new Object();
    private volatile boolean stopping;
    private boolean signalled;
    private Thread thread;
    private Instant lastCleanUp = Instant.EPOCH;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    void onStart(@Observes StartupEvent start) {
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent stop) throws InterruptedException {
        stopping = true;
        wakeUp();
        if (thread != null) {
            thread.join(SEND_TIMEOUT.toMillis());
        }
    }

    /** Something was added: send now rather than at the next poll. */
    public void wakeUp() {
        synchronized (wake) {
            signalled = true;
            wake.notifyAll();
        }
    }

    private record Batch(int sent, boolean failed) {
    }

    private void loop() {
        long backoff = 0;
        while (!stopping) {
            Batch batch;
            try {
                batch = QuarkusTransaction.requiringNew().timeout((int) (BATCH * SEND_TIMEOUT.toSeconds()))
                        .call(this::sendBatch);
                cleanUp();
            } catch (RuntimeException e) {
                // The database is away: nothing is lost, the rows wait in the outbox.
                LOG.warnf("outbox relay waits: %s", Faults.describe(e));
                batch = new Batch(0, true);
            }
            if (batch.failed()) {
                backoff = Math.min(Math.max(500, backoff * 2), MAX_BACKOFF.toMillis());
                pause(backoff, false);
            } else {
                backoff = 0;
                if (batch.sent() < BATCH) {
                    pause(POLL.toMillis(), true);
                }
            }
        }
    }

    Batch sendBatch() {
        var em = OutboxMessage.getEntityManager();
        boolean mine = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + LOCK + ")")
                .getSingleResult();
        if (!mine) {
            return new Batch(0, false);
        }
        List<OutboxMessage> pending = OutboxMessage.<OutboxMessage>find(
                "sentAt is null and givenUpAt is null order by id").page(0, BATCH).list();
        int sent = 0;
        for (OutboxMessage m : pending) {
            try {
                emitter.sendMessage(Message.of(m.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(m.topic).withKey(m.messageKey).build())).await().atMost(SEND_TIMEOUT);
                m.sentAt = Instant.now();
                sent++;
            } catch (RuntimeException e) {
                m.attempts++;
                m.lastError = Faults.describe(e);
                if (!Faults.isInfrastructure(e) && m.attempts >= MAX_REFUSALS) {
                    // Refused for itself, not for an outage: kept in the table with the error, no longer blocking.
                    m.givenUpAt = Instant.now();
                    LOG.errorf("outbox: %s for %s given up after %d refusals (kept as outbox row %d): %s", m.topic,
                            m.messageKey, m.attempts, m.id, m.lastError);
                    continue;
                }
                // Later events wait behind this one, so that one experiment's events keep their order.
                LOG.warnf("outbox: %s for %s not sent yet (attempt %d): %s", m.topic, m.messageKey, m.attempts,
                        m.lastError);
                return new Batch(sent, true);
            }
        }
        return new Batch(sent, false);
    }

    private void cleanUp() {
        if (Instant.now().isBefore(lastCleanUp.plus(Duration.ofHours(1)))) {
            return;
        }
        lastCleanUp = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> OutboxMessage.delete("sentAt < ?1",
                Instant.now().minus(KEEP_SENT)));
    }

    private void pause(long millis, boolean wakeable) {
        synchronized (wake) {
            try {
                if (!(wakeable && signalled) && !stopping) {
                    wake.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
            signalled = false;
        }
    }
}
