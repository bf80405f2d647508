package dev.ferlab.e2e;

import dev.ferlab.common.storage.ObjectStoreSettings;
import dev.ferlab.stack.StackProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka, an S3-compatible server and PostgreSQL for the end-to-end tests: containers where a Docker engine runs
 * (Testcontainers), otherwise the project's own local stack ({@code ./ferlab up}) on ports of its own. Either way
 * they are real servers. {@code -Dferlab.stack=local|containers} forces a choice.
 */
abstract class TestStack implements AutoCloseable {
    static final String ACCESS_KEY = "ferlab-e2e";
    static final String SECRET_KEY = "ferlab-e2e-secret";

    abstract Endpoints endpoints();

    abstract String describe();

    /** Starts whichever part (postgres, kafka, s3proxy) is not running. */
    abstract void ensureRunning();

    /** Stops one part, as an outage does; {@link #ensureRunning} brings it back. */
    abstract void stop(String part);

    static TestStack start(Path root, Path home) {
        String wanted = System.getProperty("ferlab.stack", "auto");
        boolean docker = !wanted.equals("local") && dockerAvailable();
        if (wanted.equals("containers") && !docker) {
            throw new IllegalStateException("-Dferlab.stack=containers but no Docker engine answers");
        }
        return docker ? new Containers(root) : new Local(root, home);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The project's own stack, as {@code ./ferlab up} starts it, isolated under the test's folder. */
    static final class Local extends TestStack {
        static final int KAFKA_PORT = 29092;
        static final int S3_PORT = 29000;
        static final int PG_PORT = 25432;
        private final FerlabScript script;

        Local(Path root, Path home) {
            Map<String, String> env = new HashMap<>();
            env.put("FERLAB_KAFKA_PORT", String.valueOf(KAFKA_PORT));
            env.put("FERLAB_KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA_PORT + 1));
            env.put("FERLAB_S3_PORT", String.valueOf(S3_PORT));
            env.put("FERLAB_PG_PORT", String.valueOf(PG_PORT));
            // Every endpoint explicitly: whatever the calling shell exported must not leak into the test's stack.
            env.putAll(endpoints().serviceEnvironment());
            script = new FerlabScript(root, home, env);
            // Every run starts from empty servers: what an earlier run stored (datasets registered, experiments
            // queued) would change what this one sees. Anything still running from it is stopped first.
            if (java.nio.file.Files.isDirectory(home)) {
                script.runQuietly(Duration.ofMinutes(2), "down");
                deleteRecursively(home);
            }
            try {
                script.run(Duration.ofMinutes(5), "up");
            } catch (RuntimeException | AssertionError e) {
                // A partial start leaves processes nobody else knows about: stop them before reporting.
                script.runQuietly(Duration.ofMinutes(2), "down");
                throw e;
            }
        }

        private static void deleteRecursively(Path dir) {
            try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot clear the test stack's folder " + dir + ": " + e.getMessage(),
                        e);
            }
        }

        @Override
        Endpoints endpoints() {
            return new Endpoints("127.0.0.1:" + KAFKA_PORT, "http://127.0.0.1:" + S3_PORT, ACCESS_KEY, SECRET_KEY,
                    "127.0.0.1", PG_PORT, "ferlab", "", "ferlab");
        }

        @Override
        String describe() {
            return "local stack (./ferlab up) under " + script.home();
        }

        @Override
        void ensureRunning() {
            for (String part : java.util.List.of("postgres", "kafka", "s3proxy")) {
                if (!alive(part)) {
                    script.run(Duration.ofMinutes(5), "up");
                    return;
                }
            }
        }

        @Override
        void stop(String part) {
            script.run(Duration.ofMinutes(2), "stop", part);
        }

        private boolean alive(String part) {
            Path pid = script.home().resolve("run/" + part + ".pid");
            try {
                return java.nio.file.Files.exists(pid) && ProcessHandle.of(Long.parseLong(
                        java.nio.file.Files.readString(pid).trim())).map(ProcessHandle::isAlive).orElse(false);
            } catch (java.io.IOException | NumberFormatException e) {
                return false;
            }
        }

        @Override
        public void close() {
            script.run(Duration.ofMinutes(2), "down");
        }
    }

    /**
     * Docker containers of the same three servers, from the images docker-compose.yml names (or the stand-ins
     * ./ferlab images --standins builds, where the environment points at them); the probe prepares them as
     * ./ferlab up would. Ryuk is not used (TESTCONTAINERS_RYUK_DISABLED, set in e2e-tests/pom.xml): close removes them.
     */
    static final class Containers extends TestStack {
        private final KafkaContainer kafka;
        private final PostgreSQLContainer<?> postgres;
        private final GenericContainer<?> minio;

        Containers(Path root) {
            kafka = new KafkaContainer(ComposeImages.image(root, "KAFKA_IMAGE", "apache/kafka"));
            postgres = new PostgreSQLContainer<>(ComposeImages.image(root, "POSTGRES_IMAGE", "postgres"))
                    .withDatabaseName("ferlab").withUsername("ferlab").withPassword("ferlab");
            // Any HTTP answer on the S3 port means the server is up (MinIO and its stand-in answer / differently).
            minio = new GenericContainer<>(ComposeImages.image(root, "MINIO_IMAGE", "minio/minio"))
                    .withCommand("server", "/data").withEnv("MINIO_ROOT_USER", ACCESS_KEY)
                    .withEnv("MINIO_ROOT_PASSWORD", SECRET_KEY).withExposedPorts(9000)
                    .waitingFor(Wait.forHttp("/").forPort(9000).forStatusCodeMatching(code -> code > 0)
                            .withStartupTimeout(Duration.ofMinutes(2)));
            kafka.start();
            postgres.start();
            minio.start();
            try {
                StackProbe.prepareKafka(kafka.getBootstrapServers());
                StackProbe.prepareBuckets(new ObjectStoreSettings(s3Url(), ACCESS_KEY, SECRET_KEY,
                        "us-east-1"));
            } catch (Exception e) {
                close();
                throw new IllegalStateException("containers started but could not be prepared: " + e, e);
            }
        }

        @Override
        Endpoints endpoints() {
            return new Endpoints(kafka.getBootstrapServers(), s3Url(), ACCESS_KEY, SECRET_KEY,
                    postgres.getHost(), postgres.getFirstMappedPort(), "ferlab", "ferlab", "ferlab");
        }

        private String s3Url() {
            return "http://" + minio.getHost() + ":" + minio.getMappedPort(9000);
        }

        @Override
        String describe() {
            return "Testcontainers (" + kafka.getDockerImageName() + ", " + minio.getDockerImageName() + ", "
                    + postgres.getDockerImageName() + ")";
        }

        @Override
        void ensureRunning() {
            // Containers are never stopped by the tests (see stop).
        }

        @Override
        void stop(String part) {
            // A restarted container gets new host ports, which the running services do not know: outages are
            // rehearsed on the local stack (README, "Tests").
            throw new UnsupportedOperationException("stopping " + part + " is only rehearsed on the local stack "
                    + "(-Dferlab.stack=local)");
        }

        @Override
        public void close() {
            minio.stop();
            postgres.stop();
            kafka.stop();
        }
    }
}
