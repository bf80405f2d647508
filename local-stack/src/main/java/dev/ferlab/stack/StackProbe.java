package dev.ferlab.stack;

import dev.ferlab.common.messaging.ConsumerGroups;
import dev.ferlab.common.messaging.Topics;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.common.storage.ObjectStoreSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Prepares each part of the stack and proves it answers: a Kafka produce and consume round trip after creating
 * every topic, an S3 bucket listing after creating the buckets, a PostgreSQL query after creating the database,
 * an HTTP 200 from a service's readiness endpoint. Each check retries until its deadline, then fails with the
 * last error.
 *
 * <pre>
 * StackProbe kafka BOOTSTRAP
 * StackProbe s3 ENDPOINT ACCESS_KEY SECRET_KEY
 * StackProbe pg HOST PORT USER DATABASE
 * StackProbe http URL
 * </pre>
 *
 * Timeouts come from {@code -Dferlab.probe.seconds} (default 90).
 */
public final class StackProbe {
    private static final long POLL_MILLIS = 250;

    private StackProbe() {
    }

    /** A check that throws until its part is ready. */
    @FunctionalInterface
    public interface Check {
        String run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Duration deadline = Duration.ofSeconds(Long.getLong("ferlab.probe.seconds", 90));
        String what = switch (args[0]) {
            case "kafka" -> awaitReady("kafka " + arg(args, 1), deadline, () -> prepareKafka(arg(args, 1)));
            case "s3" -> awaitReady("s3 " + arg(args, 1), deadline,
                    () -> prepareBuckets(new ObjectStoreSettings(arg(args, 1), arg(args, 2), arg(args, 3),
                            "us-east-1")));
            case "pg" -> awaitReady("postgresql " + arg(args, 1) + ":" + arg(args, 2), deadline,
                    () -> prepareDatabase(arg(args, 1), Integer.parseInt(arg(args, 2)), arg(args, 3), arg(args, 4)));
            case "http" -> awaitReady(arg(args, 1), deadline, () -> httpOk(arg(args, 1)));
            default -> {
                usage();
                yield "";
            }
        };
        System.out.println(what);
        // The S3 client's HTTP pool keeps non-daemon threads alive for a minute; the answer is already known.
        System.exit(0);
    }

    /** Runs {@code check} until it succeeds or the deadline passes. */
    public static String awaitReady(String name, Duration deadline, Check check) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                return check.run();
            } catch (Exception e) {
                last = e;
                Thread.sleep(POLL_MILLIS);
            }
        }
        System.err.println(name + " not ready after " + deadline.toSeconds() + " s: "
                + (last == null ? "no attempt" : last));
        System.exit(1);
        return null;
    }

    /** Creates every ferlab topic and each consumer group's dead-letter topics, then round-trips a message. */
    public static String prepareKafka(String bootstrap) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        String probeTopic = "ferlab.probe";
        try (Admin client = Admin.create(admin)) {
            Set<String> existing = client.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                addIfMissing(missing, existing, topic, Topics.partitions(topic));
            }
            for (String deadLetters : ConsumerGroups.deadLetterTopics()) {
                addIfMissing(missing, existing, deadLetters, 1);
            }
            addIfMissing(missing, existing, probeTopic, 1);
            if (!missing.isEmpty()) {
                client.createTopics(missing).all().get(20, TimeUnit.SECONDS);
            }
        }
        String token = UUID.randomUUID().toString();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(probeTopic, token, token)).get(15, TimeUnit.SECONDS);
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "ferlab-probe-" + token);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(probeTopic));
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (token.equals(r.value())) {
                        return "kafka ready at " + bootstrap + " (produce/consume round trip)";
                    }
                }
            }
        }
        throw new IllegalStateException("probe message was produced but not consumed back");
    }

    private static void addIfMissing(List<NewTopic> missing, Set<String> existing, String topic, int partitions) {
        if (!existing.contains(topic)) {
            missing.add(new NewTopic(topic, partitions, (short) 1));
        }
    }

    public static String prepareBuckets(ObjectStoreSettings settings) throws Exception {
        ObjectStore store = new ObjectStore(settings);
        for (String bucket : Buckets.ALL) {
            store.ensureBucket(bucket);
        }
        store.list(Buckets.SHARDS, "");
        return "object store ready at " + settings.endpoint() + " (buckets " + String.join(", ", Buckets.ALL) + ")";
    }

    public static String prepareDatabase(String host, int port, String user, String database) throws Exception {
        Properties props = new Properties();
        props.put("user", user);
        props.put("connectTimeout", "5");
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/postgres", props);
                Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                    + database.replace("'", "''") + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                }
            }
        }
        try (Connection db = DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + database, props);
                Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return "postgresql ready at " + host + ":" + port + "/" + database + " (query answered)";
        }
    }

    public static String httpOk(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return url + " ready";
    }

    private static String arg(String[] args, int i) {
        if (i >= args.length) {
            usage();
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("usage: StackProbe kafka BOOTSTRAP | s3 ENDPOINT ACCESS SECRET | pg HOST PORT USER DB"
                + " | http URL");
        System.exit(2);
    }

}
