package dev.ferlab.gateway.deadletter.service;

import dev.ferlab.common.messaging.ConsumerGroups;
import dev.ferlab.common.messaging.Topics;
import dev.ferlab.gateway.messaging.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The pipeline's dead-letter topics ({@code <topic>.<group>.dlq}), read on demand, and their replay: a record is
 * sent to its original topic again through the outbox, and marked replayed in the same transaction, so a record
 * is replayed once however often a replay is asked for. Every consumer is idempotent, so the other groups on that
 * topic that had handled it already change nothing.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Duration READ_DEADLINE = Duration.ofSeconds(20);
    private final Map<String, Object> kafka;
    private final Outbox outbox;
    private final EntityManager db;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafka, Outbox outbox, EntityManager db) {
        this.kafka = kafka;
        this.outbox = outbox;
        this.db = db;
    }

    /** Every dead-letter record, oldest first per topic; without {@code includeReplayed} only those that wait. */
    public List<DeadLetter> list(boolean includeReplayed) throws Exception {
        Map<String, Instant> replayed = replayed();
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, String> r : readAll()) {
            String id = r.topic() + "/" + r.partition() + "/" + r.offset();
            Instant when = replayed.get(id);
            if (when != null && !includeReplayed) {
                continue;
            }
            String[] origin = origin(r.topic());
            letters.add(new DeadLetter(id, r.topic(), r.partition(), r.offset(), origin[0],
                    header(r, "dead-letter-topic", origin[1]), r.key(), header(r, "dead-letter-reason", null),
                    header(r, "dead-letter-cause", null), Instant.ofEpochMilli(r.timestamp()), when, r.value()));
        }
        return letters;
    }

    /** What a replay did. */
    public record Replayed(List<String> replayed, List<String> alreadyReplayed, List<String> unknown) {
    }

    /** Replays the named records, or every waiting one when {@code ids} is empty. */
    public Replayed replay(List<String> ids) throws Exception {
        Map<String, DeadLetter> byId = new HashMap<>();
        list(true).forEach(d -> byId.put(d.id(), d));
        List<String> wanted = ids.isEmpty()
                ? byId.values().stream().filter(d -> d.replayed() == null).map(DeadLetter::id).sorted().toList()
                : ids;
        List<String> done = new ArrayList<>();
        List<String> before = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : wanted) {
            DeadLetter d = byId.get(id);
            if (d == null) {
                unknown.add(id);
            } else if (QuarkusTransaction.requiringNew().call(() -> replayOnce(d))) {
                done.add(id);
            } else {
                before.add(id);
            }
        }
        return new Replayed(done, before, unknown);
    }

    private boolean replayOnce(DeadLetter d) {
        int inserted = db.createNativeQuery("INSERT INTO dead_letter_replay (topic, partition_id, record_offset) "
                + "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING").setParameter(1, d.deadLetterTopic())
                .setParameter(2, d.partition()).setParameter(3, d.offset()).executeUpdate();
        if (inserted == 1) {
            outbox.addRaw(d.topic(), d.key(), d.value());
        }
        return inserted == 1;
    }

    private Map<String, Instant> replayed() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Instant> m = new HashMap<>();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = db.createNativeQuery("SELECT topic, partition_id, record_offset, replayed_at "
                    + "FROM dead_letter_replay").getResultList();
            for (Object[] row : rows) {
                Object at = row[3];
                m.put(row[0] + "/" + row[1] + "/" + row[2], at instanceof Timestamp t ? t.toInstant()
                        : at instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) at);
            }
            return m;
        });
    }

    /** Every record of every dead-letter topic, read from the start to the end they had when asked. */
    private List<ConsumerRecord<String, String>> readAll() throws Exception {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ferlab-dead-letters-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Set<String> topics;
        try (Admin admin = Admin.create(p)) {
            topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics.stream().filter(Topics::isDeadLetter).sorted().toList()) {
                consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            if (parts.isEmpty()) {
                return all;
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the dead-letter topics could not be read to their end within "
                            + READ_DEADLINE.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        all.add(r);
                    }
                });
            }
        }
        return all;
    }

    /** The group and original topic a dead-letter topic belongs to, from its name. */
    static String[] origin(String deadLetterTopic) {
        for (Map.Entry<String, List<String>> e : ConsumerGroups.CONSUMED.entrySet()) {
            for (String topic : e.getValue()) {
                if (Topics.deadLetter(e.getKey(), topic).equals(deadLetterTopic)) {
                    return new String[] {e.getKey(), topic};
                }
            }
        }
        return new String[] {null, null};
    }

    private static String header(ConsumerRecord<String, String> r, String name, String fallback) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
    }
}
