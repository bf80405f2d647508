package dev.ferlab.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged services, started and stopped by {@code ./ferlab start | stop} on test ports, with two trainers
 * ({@code trainer-service} and {@code trainer-service-2}) sharing the training queue.
 */
final class PipelineServices implements AutoCloseable {
    static final int GATEWAY_PORT = 28080;
    static final int MAX_UPLOAD_MB = 32;
    private final FerlabScript script;
    /** Made for this run, as a deployment's would be: the gateway refuses state changes without it. */
    private final String apiToken = java.util.UUID.randomUUID().toString();

    PipelineServices(Path root, Path home, Endpoints endpoints) {
        Map<String, String> env = new HashMap<>(endpoints.serviceEnvironment());
        env.put("FERLAB_API_TOKEN", apiToken);
        // A small upload limit, so that the 413 is tested without sending half a gigabyte.
        env.put("FERLAB_MAX_UPLOAD", MAX_UPLOAD_MB + "M");
        env.put("FERLAB_GATEWAY_PORT", String.valueOf(GATEWAY_PORT));
        env.put("FERLAB_PREPROCESS_PORT", String.valueOf(GATEWAY_PORT + 1));
        env.put("FERLAB_TRAINER_PORT", String.valueOf(GATEWAY_PORT + 2));
        env.put("FERLAB_EVALUATOR_PORT", String.valueOf(GATEWAY_PORT + 3));
        env.put("FERLAB_TRAINERS", "2");
        // A short lease, so a killed trainer's experiment moves on within seconds rather than half a minute.
        env.put("FERLAB_TRAINER_LEASE", "8s");
        // The reconciler on short deadlines, so that a stall is noticed and driven on within a test's patience; and
        // retries of an outage at most 5 s apart, so that recovery is seen within seconds of the part's return.
        env.put("FERLAB_GATEWAY_RECONCILE_INTERVAL", "2s");
        env.put("FERLAB_GATEWAY_RECONCILE_QUEUED", "45s");
        env.put("FERLAB_GATEWAY_RECONCILE_PREPROCESSING", "2m");
        env.put("FERLAB_GATEWAY_RECONCILE_TRAINING", "30s");
        env.put("FERLAB_GATEWAY_RECONCILE_EVALUATING", "3m");
        env.put("FERLAB_RETRY_MAX_DELAY", "5s");
        script = new FerlabScript(root, home, env);
        try {
            script.run(Duration.ofMinutes(5), "start");
        } catch (RuntimeException | AssertionError e) {
            script.runQuietly(Duration.ofMinutes(2), "stop");
            throw e;
        }
    }

    /**
     * Stops one trainer ({@code trainer-service} or {@code trainer-service-2}) by the process id ./ferlab
     * recorded: SIGKILL (no shutdown hook, no goodbye to anyone) or SIGTERM (the trainer's own shutdown), and
     * waits until the process has gone.
     */
    void stopTrainer(String instance, boolean kill) throws java.io.IOException {
        Path pidFile = pidFile(instance);
        long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        ProcessHandle trainer = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                instance + " process " + pid + " is not running"));
        if (kill) {
            trainer.destroyForcibly();
        } else {
            trainer.destroy();
        }
        trainer.onExit().orTimeout(3, java.util.concurrent.TimeUnit.MINUTES).join();
    }

    /**
     * The threads of a running service, by {@code jcmd} on the process id ./ferlab recorded, into {@code out}: what
     * a test saw slow, kept for reading afterwards. False where it could not be taken.
     */
    boolean threadDump(String instance, Path out) {
        try {
            String pid = java.nio.file.Files.readString(pidFile(instance)).trim();
            Process p = new ProcessBuilder("jcmd", pid, "Thread.print").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where ./ferlab recorded the process id of a service instance. */
    private Path pidFile(String instance) {
        return script.home().resolve("run/" + instance + ".pid");
    }

    boolean running(String instance) throws java.io.IOException {
        Path pidFile = pidFile(instance);
        return java.nio.file.Files.exists(pidFile) && ProcessHandle.of(Long.parseLong(
                java.nio.file.Files.readString(pidFile).trim())).map(ProcessHandle::isAlive).orElse(false);
    }

    static final java.util.List<String> INSTANCES = java.util.List.of("gateway", "preprocess-service",
            "trainer-service", "trainer-service-2", "evaluator-service");

    /** Starts whichever service is not running (after {@link #stopTrainer}, that trainer). */
    void startMissing() {
        script.run(Duration.ofMinutes(5), "start");
    }

    /** Starts the services that are not running, if any: a quick look at each recorded process first. */
    void ensureRunning() {
        try {
            for (String instance : INSTANCES) {
                if (!running(instance)) {
                    startMissing();
                    return;
                }
            }
        } catch (java.io.IOException e) {
            startMissing();
        }
    }

    /** Stops one service (SIGTERM, as ./ferlab stop does); {@link #ensureRunning} brings it back. */
    void stop(String instance) {
        script.run(Duration.ofMinutes(4), "stop", instance);
    }

    /** Runs any ./ferlab command on the test's services (its output lands in the test stack's folder). */
    void ferlab(String... args) {
        ferlab(Duration.ofMinutes(5), args);
    }

    void ferlab(Duration timeout, String... args) {
        script.run(timeout, args);
    }

    /** The text ./ferlab printed for the last command of this kind. */
    String output(String command) throws java.io.IOException {
        return Files.readString(script.home().resolve("ferlab-" + command + ".out"));
    }

    String apiToken() {
        return apiToken;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + GATEWAY_PORT;
    }

    /** Where the preprocessor keeps its local copies of stored datasets (scripts/services.sh). */
    Path datasetsCache() {
        return script.home().resolve("datasets-cache");
    }

    Path logs() {
        return script.home().resolve("logs");
    }

    @Override
    public void close() {
        script.run(Duration.ofMinutes(2), "stop");
    }
}
