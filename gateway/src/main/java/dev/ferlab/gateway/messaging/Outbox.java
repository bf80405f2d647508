package dev.ferlab.gateway.messaging;

import dev.ferlab.common.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * The gateway's one way to publish (a transactional outbox): an event is written to table {@code outbox} in the
 * transaction that stores what it announces, and {@link OutboxRelay} sends it once that commits. So a submission,
 * a cancellation or a re-drive is stored with its event or not at all, and a broker outage or a gateway crash
 * between the two delays the event without losing it. Sending may repeat an event; every consumer is idempotent.
 */
@ApplicationScoped
public class Outbox {
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Adds {@code event} as JSON, keyed by experiment id; part of the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, String experimentId, Object event) {
        addRaw(topic, experimentId, Json.toString(event));
    }

    /** Adds a payload as it is (a dead-letter record replayed); part of the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addRaw(String topic, String key, String payload) {
        OutboxMessage m = new OutboxMessage();
        m.topic = topic;
        m.messageKey = key;
        m.payload = payload;
        m.createdAt = Instant.now();
        m.persist();
        // Sent as soon as the transaction commits, rather than at the relay's next poll.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }

    /**
     * When the last event keyed {@code key} went to {@code topic}: empty while one still waits to be sent (or none
     * was ever added), so that a stage's deadline runs from when its input reached the broker.
     */
    @Transactional
    public java.util.Optional<Instant> sent(String topic, String key) {
        if (OutboxMessage.count("topic = ?1 and messageKey = ?2 and sentAt is null and givenUpAt is null", topic,
                key) > 0) {
            return java.util.Optional.empty();
        }
        return OutboxMessage.<OutboxMessage>find("topic = ?1 and messageKey = ?2 order by id desc", topic, key)
                .firstResultOptional().map(m -> m.sentAt);
    }
}
