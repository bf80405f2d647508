package dev.ferlab.stack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferlab.common.messaging.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./ferlab chaos}: a grid of six small-cnn runs on CK+48 with two trainers, first without faults (the
 * baseline), then again while a trainer is killed mid-epoch, Kafka restarted, PostgreSQL restarted while the
 * evaluator writes, the S3 server stopped for 20 s and the gateway stopped for 20 s. It prints what each fault cost
 * and checks what must hold whatever happened: every run COMPLETED, exactly three evaluation rows each, one epoch
 * row per trained epoch, nothing FAILED, the dead-letter topics empty. A benchmark, not a test: it prints figures
 * and exits non-zero when a check fails.
 *
 * <p>It runs on a stack of its own (FERLAB_HOME, set by {@code ./ferlab chaos}, on ports of its own), and watches
 * the pipeline through PostgreSQL, which it can read while the gateway is down.
 */
public final class Chaos {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Ports of its own, below the kernel's ephemeral range (32768 and up here), where a client's outgoing
    // connection could hold a port a service then fails to listen on.
    private static final int KAFKA = 27092;
    private static final int S3 = 27000;
    private static final int PG = 27432;
    private static final int GATEWAY = 27180;
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration DEADLINE = Duration.ofMinutes(30);
    private static final List<String> VARIANTS = List.of("raw", "undersampled", "clahe+smote");

    private final Path root;
    private final Path home;
    private final Path dataset;
    private final int epochs;
    private final Map<String, String> env = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long start = System.nanoTime();

    /** One staged fault and what it cost. */
    record Fault(String name, String detail, double injectedAt, double outageSeconds, double recoverySeconds) {
    }

    Chaos(Path root, Path home, Path dataset, int epochs) {
        this.root = root;
        this.home = home;
        this.dataset = dataset;
        this.epochs = epochs;
        env.put("FERLAB_HOME", home.toString());
        env.put("FERLAB_KAFKA_PORT", String.valueOf(KAFKA));
        env.put("FERLAB_KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA + 1));
        env.put("FERLAB_S3_PORT", String.valueOf(S3));
        env.put("FERLAB_PG_PORT", String.valueOf(PG));
        env.put("FERLAB_KAFKA", "127.0.0.1:" + KAFKA);
        env.put("FERLAB_OBJECT_STORE_ENDPOINT", "http://127.0.0.1:" + S3);
        env.put("FERLAB_DB_URL", "jdbc:postgresql://127.0.0.1:" + PG + "/ferlab");
        env.put("FERLAB_GATEWAY_PORT", String.valueOf(GATEWAY));
        env.put("FERLAB_PREPROCESS_PORT", String.valueOf(GATEWAY + 1));
        env.put("FERLAB_TRAINER_PORT", String.valueOf(GATEWAY + 2));
        env.put("FERLAB_EVALUATOR_PORT", String.valueOf(GATEWAY + 3));
        env.put("FERLAB_TRAINERS", "2");
        // Both runs alike: every engine on one thread, as ./ferlab bench grid does (two trainers' OpenMP threads
        // beyond the two cores spin against each other and quadruple the run).
        env.put("FERLAB_TRAINER_COMPUTE_THREADS", "1");
        env.put("FERLAB_EVALUATOR_COMPUTE_THREADS", "1");
        env.put("FERLAB_API_TOKEN", UUID.randomUUID().toString());
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getenv("FERLAB_CHAOS_ROOT")).toAbsolutePath();
        Path home = Path.of(System.getenv("FERLAB_HOME")).toAbsolutePath();
        Path dataset = Path.of(args.length > 0 ? args[0] : root.resolve("../shared/datasets/ck48").toString())
                .toAbsolutePath().normalize();
        int epochs = Integer.parseInt(System.getenv().getOrDefault("FERLAB_CHAOS_EPOCHS", "10"));
        if (!Files.isDirectory(dataset)) {
            System.err.println("no dataset folder at " + dataset);
            System.exit(2);
        }
        System.exit(new Chaos(root, home, dataset, epochs).run() ? 0 : 1);
    }

    boolean run() throws Exception {
        say("chaos stack under " + home + "; grid of 6 x small-cnn, " + epochs + " epochs, on " + dataset);
        try {
            ferlab("up");
            ferlab("start");
            say("baseline: the grid without faults");
            double baseline = runGrid(List.of(1L, 2L), false).wall();
            say(String.format(Locale.ROOT, "baseline grid: %.1f s", baseline));
            say("chaos: the same grid (seeds 3 and 4) through five faults");
            Result chaos = runGrid(List.of(3L, 4L), true);
            return report(baseline, chaos);
        } finally {
            ferlabQuietly("down");
        }
    }

    private record Result(String gridId, double wall, List<Fault> faults) {
    }

    private Result runGrid(List<Long> seeds, boolean withFaults) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", withFaults ? "chaos" : "chaos baseline",
                "dataset", dataset.toString(), "models", List.of("small-cnn"), "preprocessing", VARIANTS,
                "seeds", seeds, "epochs", epochs));
        long began = System.nanoTime();
        JsonNode grid = post("/api/grids", body, "chaos-" + seeds);
        String gridId = grid.path("id").asText();
        List<Fault> faults = withFaults ? stageFaults(gridId) : List.of();
        await("every run of grid " + gridId + " to end", DEADLINE, () -> ended(gridId) == 6);
        return new Result(gridId, seconds(began), faults);
    }

    /** The five faults, one after the other, each when the pipeline is doing what the fault should meet. */
    private List<Fault> stageFaults(String gridId) throws Exception {
        List<Fault> faults = new ArrayList<>();
        faults.add(killTrainer(gridId));
        faults.add(restart("kafka", "the broker restarted", gridId));
        faults.add(restartDatabaseWhileEvaluating(gridId));
        faults.add(stopFor("s3proxy", "the S3 server stopped for " + OUTAGE.toSeconds() + " s", gridId));
        faults.add(stopFor("gateway", "the gateway stopped for " + OUTAGE.toSeconds() + " s", gridId));
        return faults;
    }

    private Fault killTrainer(String gridId) throws Exception {
        String[] held = new String[2];
        await("a run of the grid to be trained past its first epoch", DEADLINE, () -> {
            String[] h = heldMidRun(gridId);
            if (h != null) {
                held[0] = h[0];
                held[1] = h[1];
            }
            return h != null;
        });
        String id = held[0];
        String trainer = held[1];
        int epochsBefore = epochsOf(id);
        double at = seconds(start);
        long pid = Long.parseLong(Files.readString(home.resolve("run/" + trainer + ".pid")).trim());
        long killed = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        ferlab("start");
        double restarted = seconds(killed);
        await("experiment " + id + " to go on after its trainer was killed", DEADLINE,
                () -> epochsOf(id) > epochsBefore || finished(id));
        return new Fault("kill -9 of a trainer mid-epoch", trainer + " holding " + id.substring(0, 8) + " after "
                + epochsBefore + " epoch(s); back " + String.format(Locale.ROOT, "%.0f", restarted) + " s later",
                at, restarted, seconds(killed) - restarted);
    }

    private Fault restart(String part, String name, String gridId) throws Exception {
        await("a run of the grid to be training", DEADLINE, () -> training(gridId) > 0 || ended(gridId) == 6);
        double at = seconds(start);
        long down = System.nanoTime();
        ferlab("stop", part);
        ferlab("up");
        double outage = seconds(down);
        long back = System.nanoTime();
        awaitProgressAfter(gridId, back);
        return new Fault(name, part + " stopped and started again", at, outage, seconds(back));
    }

    private Fault restartDatabaseWhileEvaluating(String gridId) throws Exception {
        Path log = home.resolve("logs/evaluator-service.log");
        long lines = Files.readAllLines(log).size();
        String[] evaluating = new String[1];
        await("the evaluator to start evaluating a run", DEADLINE, () -> {
            List<String> all = Files.readAllLines(log);
            for (String l : all.subList((int) Math.min(lines, all.size()), all.size())) {
                int i = l.indexOf(": evaluating the model");
                if (i > 0) {
                    evaluating[0] = l.substring(l.lastIndexOf("experiment ", i) + "experiment ".length(), i);
                    return true;
                }
            }
            return false;
        });
        double at = seconds(start);
        long down = System.nanoTime();
        ferlab("stop", "postgres");
        ferlab("up");
        double outage = seconds(down);
        long back = System.nanoTime();
        String id = evaluating[0];
        await("experiment " + id + "'s three evaluation rows", DEADLINE, () -> evaluationRows(id) == 3);
        return new Fault("PostgreSQL restarted while the evaluator writes", "while evaluating " + id.substring(0, 8),
                at, outage, seconds(back));
    }

    private Fault stopFor(String part, String name, String gridId) throws Exception {
        await("a run of the grid to be training", DEADLINE, () -> training(gridId) > 0 || ended(gridId) == 6);
        double at = seconds(start);
        long down = System.nanoTime();
        ferlab("stop", part);
        // The outage itself: its length is the fault being staged, not a wait for readiness.
        Thread.sleep(OUTAGE.toMillis());
        ferlab(part.equals("gateway") ? "start" : "up");
        double outage = seconds(down);
        long back = System.nanoTime();
        awaitProgressAfter(gridId, back);
        return new Fault(name, part + " away", at, outage, seconds(back));
    }

    private boolean report(double baseline, Result chaos) throws Exception {
        System.out.println();
        System.out.println("| fault | at (s) | outage (s) | then until the pipeline moved (s) | what it met |");
        System.out.println("| --- | ---: | ---: | ---: | --- |");
        for (Fault f : chaos.faults()) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %s |%n", f.name(), f.injectedAt(),
                    f.outageSeconds(), f.recoverySeconds(), f.detail());
        }
        System.out.printf(Locale.ROOT, "%ngrid without faults: %.1f s; with the five faults: %.1f s; ratio %.2f%n",
                baseline, chaos.wall(), chaos.wall() / baseline);
        Map<String, Boolean> checks = new LinkedHashMap<>();
        List<String[]> runs = runs(chaos.gridId());
        checks.put("6 runs, all COMPLETED", runs.size() == 6 && runs.stream().allMatch(r -> r[1].equals("COMPLETED")));
        checks.put("no run FAILED", runs.stream().noneMatch(r -> r[1].equals("FAILED")));
        boolean rows = true;
        boolean curves = true;
        for (String[] r : runs) {
            rows &= evaluationRows(r[0]) == 3;
            curves &= epochList(r[0]).equals(java.util.stream.IntStream.rangeClosed(1, epochs).boxed().toList());
        }
        checks.put("exactly 3 evaluation rows per run", rows);
        checks.put("one epoch row per trained epoch (1.." + epochs + ", each once)", curves);
        checks.put("no experiments.failed event at all", records(List.of(Topics.EXPERIMENTS_FAILED)) == 0);
        long deadLetters = records(deadLetterTopics());
        checks.put("dead-letter topics empty (" + deadLetters + " records)", deadLetters == 0);
        checks.put("each run trained to the end once (training queue: TRAINED)", runs.stream()
                .allMatch(r -> "TRAINED".equals(single("SELECT outcome FROM training_queue WHERE experiment_id = ?",
                        r[0]))));
        System.out.println();
        checks.forEach((what, ok) -> System.out.println((ok ? "PASS  " : "FAIL  ") + what));
        return checks.values().stream().allMatch(Boolean::booleanValue);
    }

    // ------------------------------------------------------------------ what the pipeline says, from PostgreSQL

    private List<String[]> runs(String gridId) {
        return query("SELECT id, status FROM experiment WHERE grid_id = ? ORDER BY created_at", gridId);
    }

    private int ended(String gridId) {
        return runs(gridId).stream().mapToInt(r -> List.of("COMPLETED", "FAILED", "CANCELLED").contains(r[1]) ? 1 : 0)
                .sum();
    }

    private int training(String gridId) {
        return (int) runs(gridId).stream().filter(r -> r[1].equals("TRAINING")).count();
    }

    private boolean finished(String id) {
        String status = single("SELECT status FROM experiment WHERE id = ?", id);
        return status != null && !List.of("QUEUED", "PREPROCESSING", "WAITING", "TRAINING").contains(status);
    }

    /** An experiment of the grid held by a trainer after at least one epoch, with its trainer; null if none. */
    private String[] heldMidRun(String gridId) {
        for (String[] r : query("SELECT q.experiment_id, q.holder FROM training_queue q JOIN experiment x ON "
                + "x.id = q.experiment_id WHERE x.grid_id = ? AND q.finished_at IS NULL AND q.holder IS NOT NULL "
                + "AND x.current_epoch >= 1 AND x.current_epoch < x.epochs - 2", gridId)) {
            return new String[] {r[0], r[1].substring(r[1].lastIndexOf('/') + 1)};
        }
        return null;
    }

    private int epochsOf(String id) {
        String n = single("SELECT count(*) FROM epoch_metric WHERE experiment_id = ?", id);
        return n == null ? 0 : Integer.parseInt(n);
    }

    private List<Integer> epochList(String id) {
        return query("SELECT epoch FROM epoch_metric WHERE experiment_id = ? ORDER BY epoch", id).stream()
                .map(r -> Integer.parseInt(r[0])).toList();
    }

    private int evaluationRows(String id) {
        String n = single("SELECT count(*) FROM evaluation WHERE experiment_id = ?", id);
        return n == null ? -1 : Integer.parseInt(n);
    }

    /** Waits until an event recorded after {@code since} shows the grid moving again. */
    private void awaitProgressAfter(String gridId, long since) throws Exception {
        await("the grid to move again", DEADLINE, () -> {
            String moved = single("SELECT count(*) FROM experiment WHERE grid_id = ? AND progress_at > "
                    + "now() - make_interval(secs => ?)", gridId, seconds(since));
            return moved != null && Integer.parseInt(moved) > 0 || ended(gridId) == 6;
        });
    }

    /** Rows as strings; none while the database is away (the watcher simply looks again). */
    private List<String[]> query(String sql, Object... args) {
        Properties p = new Properties();
        p.put("user", "ferlab");
        p.put("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG + "/ferlab", p);
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[rs.getMetaData().getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException away) {
            return List.of();
        }
    }

    private String single(String sql, Object... args) {
        List<String[]> rows = query(sql, args);
        return rows.isEmpty() ? null : rows.get(0)[0];
    }

    // ------------------------------------------------------------------ Kafka

    private List<String> deadLetterTopics() {
        try (KafkaConsumer<String, String> c = consumer()) {
            return c.listTopics().keySet().stream().filter(Topics::isDeadLetter).sorted().toList();
        }
    }

    /** Records ever written to these topics (their end offsets). */
    private long records(List<String> topics) {
        try (KafkaConsumer<String, String> c = consumer()) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + KAFKA);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ferlab-chaos-" + UUID.randomUUID());
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    // ------------------------------------------------------------------ the gateway and ./ferlab

    private JsonNode post(String path, String json, String idempotencyKey) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + GATEWAY + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + env.get("FERLAB_API_TOKEN"))
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202 && r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private void ferlab(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("ferlab").toString()));
        command.addAll(List.of(args));
        Path out = home.resolve("chaos-ferlab.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("./ferlab " + String.join(" ", args) + " failed: see " + out);
        }
    }

    private void ferlabQuietly(String... args) {
        try {
            ferlab(args);
        } catch (Exception e) {
            System.err.println("clean-up failed: " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration deadline, Check check) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gave up waiting for " + what + " after " + deadline.toMinutes() + " min");
    }

    private void say(String line) {
        System.out.printf(Locale.ROOT, "[chaos %6.1f s] %s%n", seconds(start), line);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
