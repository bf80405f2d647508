package dev.ferlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The containerized pipeline, on docker-compose.yml itself: images built by {@code ./ferlab images --standins} (the
 * infrastructure's from the variables ./ferlab test exports), ports published on 127.0.0.1. A grid runs through the
 * gateway while trainers scale to two, one is killed mid-epoch, and the database and broker containers restart;
 * every run completes once, and Prometheus scraped every service. Grafana is not started (no image here).
 * Run by ./ferlab test in its container pass ({@code -Dit.test=ComposeIT}); it says so and stops where no Docker
 * engine answers.
 */
class ComposeIT {
    private static final String PROJECT = "ferlab-e2e-compose";
    private static final int GATEWAY_PORT = 28180;
    private static final int POSTGRES_PORT = 25532;
    private static final int PROMETHEUS_PORT = 29190;
    private static final List<String> SERVICES = List.of("kafka", "minio", "postgres", "stack-init", "prometheus",
            "gateway", "preprocess-service", "trainer-service", "evaluator-service");
    private static final Duration GRID_DEADLINE = Duration.ofMinutes(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static Path root;
    private static final Map<String, String> env = new HashMap<>();
    private static boolean up;

    @BeforeAll
    static void composeUp() throws Exception {
        root = Path.of(System.getProperty("ferlab.root", "..")).toAbsolutePath().normalize();
        Assumptions.assumeTrue(run(Duration.ofSeconds(30), "docker", "info").exit() == 0,
                "no Docker engine answers here: the compose test did not run (./ferlab test starts one where it can)");
        for (String image : List.of("gateway", "preprocess-service", "trainer-service", "evaluator-service",
                "stack-init")) {
            Assumptions.assumeTrue(run(Duration.ofSeconds(30), "docker", "image", "inspect",
                    "ferlab/" + image + ":local").exit() == 0, "image ferlab/" + image + ":local is missing: "
                    + "./ferlab images --standins builds it (./ferlab test does)");
        }
        // Fresh credentials for this run; the images (stand-ins where the environment names them) as compose has them.
        env.putAll(ComposeImages.of(root));
        env.put("POSTGRES_PASSWORD", "e2e-" + UUID.randomUUID());
        env.put("MINIO_ROOT_USER", "ferlab-e2e");
        env.put("MINIO_ROOT_PASSWORD", "e2e-" + UUID.randomUUID());
        env.put("FERLAB_API_TOKEN", "e2e-" + UUID.randomUUID());
        env.put("GRAFANA_ADMIN_PASSWORD", "unused");
        env.put("FERLAB_GATEWAY_PORT", String.valueOf(GATEWAY_PORT));
        env.put("POSTGRES_PORT", String.valueOf(POSTGRES_PORT));
        env.put("PROMETHEUS_PORT", String.valueOf(PROMETHEUS_PORT));
        env.put("MINIO_CONSOLE_PORT", "29101");
        env.put("GRAFANA_PORT", "29130");
        // Two trainers on this machine's cores: one thread each, as ./ferlab start gives several trainers.
        env.put("FERLAB_TRAINER_COMPUTE_THREADS", "1");
        env.put("FERLAB_TRAINER_MEMORY", "3g");
        compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
        up = true;
        List<String> upArgs = new ArrayList<>(List.of("up", "-d"));
        upArgs.addAll(SERVICES);
        compose(Duration.ofMinutes(5), upArgs.toArray(String[]::new));
        Await.until("the gateway on 127.0.0.1:" + GATEWAY_PORT + " to be ready", Duration.ofMinutes(4),
                () -> status("http://127.0.0.1:" + GATEWAY_PORT + "/q/health/ready"), s -> s == 200);
    }

    @AfterAll
    static void composeDown() throws Exception {
        if (up) {
            Files.createDirectories(root.resolve("e2e-tests/target"));
            Files.writeString(root.resolve("e2e-tests/target/compose-logs.txt"),
                    compose(Duration.ofMinutes(1), "logs", "--no-color").output());
            compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
        }
    }

    @Test
    void aGridCompletesOnceEachThroughAKilledTrainerAndDatabaseAndBrokerRestarts() throws Exception {
        GatewayApi gateway = new GatewayApi("http://127.0.0.1:" + GATEWAY_PORT, env.get("FERLAB_API_TOKEN"));
        GatewayApi.Answer grid = gateway.post("/api/grids", "{\"name\":\"compose grid\",\"dataset\":"
                + "\"builtin:synthetic-faces\",\"models\":[\"small-cnn\"],\"preprocessing\":[{\"balancing\":\"none\"},"
                + "{\"balancing\":\"undersample\"},{\"clahe\":true,\"balancing\":\"smote\"}],\"seeds\":[5],"
                + "\"epochs\":6}", "compose-" + UUID.randomUUID());
        assertEquals(202, grid.status(), grid.body().toString());
        String gridId = grid.body().path("id").asText();

        compose(Duration.ofMinutes(3), "up", "-d", "--no-recreate", "--scale", "trainer-service=2", "trainer-service");
        Await.until("two trainers", Duration.ofMinutes(3), () -> containers("trainer-service").size(), n -> n == 2);

        // The trainer holding a run that has finished an epoch is killed in its next one.
        String holder = Await.until("a run one epoch into training", Duration.ofMinutes(8),
                ComposeIT::heldRunPastItsFirstEpoch, Optional::isPresent).get();
        String container = holder.substring(holder.indexOf('@') + 1);
        assertEquals(0, run(Duration.ofSeconds(30), "docker", "kill", container).exit(), "docker kill " + container);

        compose(Duration.ofMinutes(2), "restart", "postgres");
        compose(Duration.ofMinutes(2), "restart", "kafka");

        JsonNode done = Await.until("grid " + gridId + " to finish", GRID_DEADLINE,
                () -> gateway.get("/api/grids/" + gridId).body(),
                g -> g.path("statuses").path("COMPLETED").asInt() + g.path("statuses").path("FAILED").asInt() == 3);
        assertEquals(3, done.path("statuses").path("COMPLETED").asInt(), done.toString());
        try (Connection db = database(); PreparedStatement st = db.prepareStatement("""
                SELECT x.id, x.status, count(e.id) FILTER (WHERE e.request_id IS NULL),
                       (SELECT count(*) FROM training_queue q WHERE q.experiment_id = x.id AND q.finished_at IS NOT NULL)
                FROM experiment x LEFT JOIN evaluation e ON e.experiment_id = x.id
                WHERE x.grid_id = ? GROUP BY x.id, x.status""")) {
            st.setString(1, gridId);
            int runs = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    runs++;
                    assertEquals("COMPLETED", rs.getString(2), rs.getString(1));
                    assertEquals(3, rs.getInt(3), rs.getString(1) + ": one evaluation row per split, none twice");
                    assertEquals(1, rs.getInt(4), rs.getString(1) + ": one finished queue row");
                }
            }
            assertEquals(3, runs);
        }

        // Prometheus scraped every service, the surviving trainer included, and saw training throughput.
        JsonNode targets = prometheus("/api/v1/targets").path("data").path("activeTargets");
        Map<String, Integer> upByJob = new HashMap<>();
        for (JsonNode t : targets) {
            if (t.path("health").asText().equals("up")) {
                upByJob.merge(t.path("labels").path("job").asText(), 1, Integer::sum);
            }
        }
        for (String job : List.of("gateway", "preprocess-service", "trainer-service", "evaluator-service")) {
            assertTrue(upByJob.getOrDefault(job, 0) >= 1, "a target of " + job + " is up: " + targets);
        }
        JsonNode images = Await.until("a training throughput series", Duration.ofSeconds(60),
                () -> prometheus("/api/v1/query?query=" + enc("sum(ferlab_training_images_total)")),
                r -> r.path("data").path("result").size() > 0);
        assertTrue(images.path("data").path("result").path(0).path("value").path(1).asDouble() > 0, images.toString());
        // Every query of the provisioned pipeline dashboard is valid PromQL with the metric names that exist.
        JsonNode dashboard = JSON.readTree(root.resolve("docker/grafana/dashboards/ferlab-pipeline.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                JsonNode answer = prometheus("/api/v1/query?query=" + enc(expr));
                assertEquals("success", answer.path("status").asText(), expr + ": " + answer);
                // Failures have no series until the first one; every other panel shows this grid's traces.
                if (!expr.contains("result=\"failure\"")) {
                    assertTrue(answer.path("data").path("result").size() > 0,
                            "panel '" + panel.path("title").asText() + "' has data: " + expr);
                }
            }
        }
    }

    /** The holder ("pid@container") of a run being trained that has reported at least one epoch. */
    private static Optional<String> heldRunPastItsFirstEpoch() throws Exception {
        try (Connection db = database(); PreparedStatement st = db.prepareStatement("""
                SELECT q.holder FROM training_queue q
                WHERE q.finished_at IS NULL AND q.holder IS NOT NULL AND q.lease_expires_at > now()
                  AND EXISTS (SELECT 1 FROM epoch_metric m WHERE m.experiment_id = q.experiment_id)
                LIMIT 1""");
                ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static Connection database() throws Exception {
        Properties props = new Properties();
        props.put("user", "ferlab");
        props.put("password", env.get("POSTGRES_PASSWORD"));
        props.put("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/ferlab", props);
    }

    private static List<String> containers(String service) throws Exception {
        return compose(Duration.ofSeconds(30), "ps", "-q", service).output().lines().filter(l -> !l.isBlank())
                .toList();
    }

    private static JsonNode prometheus(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PROMETHEUS_PORT
                + path)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result compose(Duration deadline, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT, "-f",
                root.resolve("docker-compose.yml").toString()));
        command.addAll(List.of(args));
        Result r = run(deadline, command.toArray(String[]::new));
        assertEquals(0, r.exit(), String.join(" ", command) + " failed:\n" + r.output());
        return r;
    }

    private static Result run(Duration deadline, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (root != null) {
            pb.directory(root.toFile());
        }
        Path out = Files.createTempFile("ferlab-compose", ".log");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            if (!p.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, String.join(" ", command) + " ran past " + deadline + "\n"
                        + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
