package dev.ferlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.common.storage.ObjectStoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The end-to-end tests' one pipeline, shared by every test class of the run ({@link E2eStack} starts it once and
 * stops it at the end), and what they ask of it: submit, wait, read rows and records back.
 */
final class E2e {
    static final Duration EXPERIMENT_DEADLINE = Duration.ofMinutes(12);
    static TestStack stack;
    static PipelineServices services;
    static GatewayApi gateway;
    static Path datasets;
    static Path root;

    private E2e() {
    }

    /** Starts the stack and the services, once per run. */
    static synchronized void start() {
        if (services != null) {
            return;
        }
        root = Path.of(System.getProperty("ferlab.root", "..")).toAbsolutePath().normalize();
        datasets = Path.of(System.getProperty("ferlab.datasets", root.resolve("../shared/datasets").toString()))
                .toAbsolutePath().normalize();
        // A missing fixture is a failure, not a skip: these tests are the proof that the pipeline works.
        assertTrue(Files.isDirectory(datasets.resolve("ck48")),
                "the CK+48 fixture is missing at " + datasets.resolve("ck48") + " (set -Dferlab.datasets)");
        Path home = root.resolve("e2e-tests/target/ferlab-e2e");
        stack = TestStack.start(root, home);
        System.out.println("end-to-end stack: " + stack.describe());
        services = new PipelineServices(root, home, stack.endpoints());
        gateway = new GatewayApi(services.gatewayUrl(), services.apiToken());
    }

    /** Brings back whatever part of the stack or which service is not running (an earlier test stopped it). */
    static synchronized void ensureRunning() {
        stack.ensureRunning();
        services.ensureRunning();
    }

    static synchronized void stop() throws Exception {
        try (TestStack s = stack; PipelineServices p = services) {
            // try-with-resources closes the services first, then the stack; either may be null after a failure.
        } finally {
            services = null;
            stack = null;
        }
    }

    /** The request {@code id} among an experiment's cross-dataset evaluations. */
    static JsonNode request(String path, String id) throws Exception {
        for (JsonNode r : gateway.get(path).body()) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("request " + id + " not listed under " + path);
    }

    static ObjectStore objectStore() {
        return new ObjectStore(new ObjectStoreSettings(stack.endpoints().s3Endpoint(),
                stack.endpoints().s3AccessKey(), stack.endpoints().s3SecretKey(), "us-east-1"));
    }

    static JsonNode predictions(String key) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(objectStore().get(Buckets.MODELS, key));
    }

    /** Accuracy and loss follow from the stored per-image predictions alone. */
    static void assertRecomputableFromStoredPredictions(String key, double accuracy, double loss, int size)
            throws Exception {
        JsonNode p = predictions(key);
        assertEquals(size, p.path("truth").size());
        int correct = 0;
        double logLoss = 0;
        for (int i = 0; i < size; i++) {
            int truth = p.path("truth").get(i).asInt();
            correct += truth == p.path("predicted").get(i).asInt() ? 1 : 0;
            logLoss -= Math.log(p.path("probabilities").get(i).get(truth).asDouble());
        }
        assertEquals(accuracy, correct / (double) size, 1e-12, "accuracy recomputed from " + key);
        assertEquals(loss, logLoss / size, 1e-4, "loss recomputed from " + key);
    }

    /** The experiment's own evaluation rows as "split id evaluated_at", in split order. */
    static List<String> ownEvaluations(String id) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement("SELECT split, id, evaluated_at "
                + "FROM evaluation WHERE experiment_id = ? AND request_id IS NULL ORDER BY split")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getTimestamp(3).toInstant());
                }
            }
        }
        return rows;
    }

    static int allEvaluationRows() throws Exception {
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement("SELECT count(*) FROM evaluation");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static KafkaConsumer<String, String> reader() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    }

    /** The first record on {@code topic} keyed {@code key}; fails when there is none within a minute. */
    static ConsumerRecord<String, String> firstRecord(String topic, String key) throws Exception {
        return Await.until("a " + topic + " record keyed " + key, Duration.ofMinutes(1),
                () -> findRecord(topic, key), r -> r != null);
    }

    /** Reads {@code topic} from the start up to its current end; the first record keyed {@code key}, or null. */
    static ConsumerRecord<String, String> findRecord(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = reader()) {
            List<org.apache.kafka.common.TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
            return null;
        }
    }

    /** @return where the record was written */
    static org.apache.kafka.clients.producer.RecordMetadata produce(String topic, String key, String value)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Waits until consumer group {@code group} has committed past {@code offset} on the partition. */
    static void awaitConsumed(String group, String topic, int partition, long offset) throws Exception {
        Properties a = new Properties();
        a.put("bootstrap.servers", stack.endpoints().kafkaBootstrap());
        org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, partition);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(a)) {
            Await.until(group + " past offset " + offset + " of " + tp, Duration.ofMinutes(2), () -> {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
                return committed == null ? -1L : committed.offset();
            }, committed -> committed > offset);
        }
    }

    static byte[] zipFolder(Path folder, String extraEntry) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
                Stream<Path> files = Files.walk(folder)) {
            byte[] any = null;
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(folder.relativize(f).toString().replace('\\', '/')));
                any = Files.readAllBytes(f);
                zip.write(any);
                zip.closeEntry();
            }
            if (extraEntry != null) {
                zip.putNextEntry(new java.util.zip.ZipEntry(extraEntry));
                zip.write(any);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A zip of the first {@code perClass} files (by name) of each class folder of a dataset folder. */
    static byte[] zipSubset(Path folder, int perClass) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out);
                Stream<Path> classes = Files.list(folder)) {
            for (Path c : classes.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(c)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().limit(perClass).toList()) {
                        zip.putNextEntry(new java.util.zip.ZipEntry(c.getFileName() + "/" + f.getFileName()));
                        zip.write(Files.readAllBytes(f));
                        zip.closeEntry();
                    }
                }
            }
        }
        return out.toByteArray();
    }

    static String ck48() {
        return datasets.resolve("ck48").toString();
    }

    static String submit(String json) throws Exception {
        GatewayApi.Answer a = gateway.post("/api/experiments", json);
        assertEquals(202, a.status(), a.body().toString());
        String id = a.body().path("id").asText();
        assertNotNull(id);
        return id;
    }

    static JsonNode awaitFinal(String id, Duration deadline) throws Exception {
        return Await.until("experiment " + id + " to complete or fail", deadline,
                () -> gateway.get("/api/experiments/" + id).body(),
                e -> e.path("status").asText().equals("COMPLETED") || e.path("status").asText().equals("FAILED"));
    }

    /** Waits until the experiment has reported {@code epochs} epochs, then names the trainer holding it. */
    static String holderAfterEpochs(String id, int epochs) throws Exception {
        Await.until(epochs + " epoch(s) of " + id, Duration.ofMinutes(5),
                () -> gateway.get("/api/experiments/" + id).body(), e -> e.path("curve").size() >= epochs);
        return trainerHolding(id);
    }

    /** The trainer instance ({@code trainer-service} or {@code trainer-service-2}) that holds the experiment. */
    static String trainerHolding(String id) throws Exception {
        String holder = Await.until("a trainer to hold " + id, Duration.ofMinutes(1), () -> {
            try (Connection db = connect(); PreparedStatement st = db.prepareStatement(
                    "SELECT holder FROM training_queue WHERE experiment_id = ?")) {
                st.setString(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
                }
            }
        }, h -> !h.isEmpty());
        return holder.substring(holder.lastIndexOf('/') + 1);
    }

    /** The experiment's outcome and number of claims in the training queue. */
    static List<String> queueRow(String id) throws Exception {
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(
                "SELECT outcome, attempts FROM training_queue WHERE experiment_id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "experiment " + id + " is in the training queue");
                return List.of(String.valueOf(rs.getString(1)), String.valueOf(rs.getInt(2)));
            }
        }
    }

    static int evaluationRows(String id) throws Exception {
        try (Connection db = connect();
                PreparedStatement st = db.prepareStatement("SELECT count(*) FROM evaluation WHERE experiment_id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static void assertEpochsReportedOnce(JsonNode experiment, int epochs) {
        List<Integer> seen = new ArrayList<>();
        experiment.path("curve").forEach(c -> seen.add(c.path("epoch").asInt()));
        assertEquals(java.util.stream.IntStream.rangeClosed(1, epochs).boxed().toList(), seen,
                "every epoch reported once");
    }

    static Connection connect() throws Exception {
        Endpoints ep = stack.endpoints();
        Properties props = new Properties();
        props.put("user", ep.pgUser());
        props.put("password", ep.pgPassword());
        return DriverManager.getConnection(ep.jdbcUrl(), props);
    }

    /** 10% of each class, rounded, as the stratified splitter takes it: counted here from the folders. */
    static int expectedTestSplitSize(Path dataset) throws IOException {
        int total = 0;
        try (Stream<Path> classes = Files.list(dataset)) {
            for (Path dir : classes.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    total += (int) Math.round(files.count() * 0.1);
                }
            }
        }
        return total;
    }

    /** Records in all dead-letter topics together (their end offsets), to see that a test added none. */
    static long deadLetterRecords() throws Exception {
        try (KafkaConsumer<String, String> consumer = reader()) {
            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            for (String topic : consumer.listTopics().keySet()) {
                if (dev.ferlab.common.messaging.Topics.isDeadLetter(topic)) {
                    consumer.partitionsFor(topic).forEach(i -> parts.add(
                            new org.apache.kafka.common.TopicPartition(topic, i.partition())));
                }
            }
            consumer.assign(parts);
            return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The text a service has logged so far ({@code trainer-service-2}, {@code evaluator-service}, ...). */
    static String log(String instance) throws IOException {
        return Files.readString(services.logs().resolve(instance + ".log"));
    }

    /** Waits until the service's log shows {@code text}: the proof that what a test staged really happened. */
    static void awaitLog(String instance, String text, Duration deadline) throws Exception {
        Await.until(instance + " to log \"" + text + "\"", deadline, () -> log(instance), l -> l.contains(text));
    }

    /** Waits until one line of the service's log holds every one of {@code parts}. */
    static void awaitLogLine(String instance, Duration deadline, String... parts) throws Exception {
        Await.until(instance + " to log a line with " + List.of(parts), deadline, () -> log(instance),
                l -> l.lines().anyMatch(line -> java.util.Arrays.stream(parts).allMatch(line::contains)));
    }

    /** Waits until the experiment's status is {@code status}. */
    static JsonNode awaitStatus(String id, String status, Duration deadline) throws Exception {
        return Await.until("experiment " + id + " to be " + status, deadline,
                () -> gateway.get("/api/experiments/" + id).body(), e -> e.path("status").asText().equals(status));
    }

    /** One value of a row of the gateway's tables, read directly. */
    static String sql(String query, Object... args) throws Exception {
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
