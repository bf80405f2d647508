package dev.ferlab.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The four packaged services, started and stopped by {@code ./ferlab start | stop} on test ports. */
final class PipelineServices implements AutoCloseable {
    static final int GATEWAY_PORT = 28080;
    private final FerlabScript script;

    PipelineServices(Path root, Path home, Endpoints endpoints) {
        Map<String, String> env = new HashMap<>(endpoints.serviceEnvironment());
        env.put("FERLAB_GATEWAY_PORT", String.valueOf(GATEWAY_PORT));
        env.put("FERLAB_PREPROCESS_PORT", String.valueOf(GATEWAY_PORT + 1));
        env.put("FERLAB_TRAINER_PORT", String.valueOf(GATEWAY_PORT + 2));
        env.put("FERLAB_EVALUATOR_PORT", String.valueOf(GATEWAY_PORT + 3));
        script = new FerlabScript(root, home, env);
        try {
            script.run(Duration.ofMinutes(5), "start");
        } catch (RuntimeException | AssertionError e) {
            script.runQuietly(Duration.ofMinutes(2), "stop");
            throw e;
        }
    }

    /** SIGKILL to the trainer, by the process id ./ferlab recorded: no shutdown hook, no goodbye to Kafka. */
    void killTrainer() throws java.io.IOException {
        long pid = Long.parseLong(java.nio.file.Files.readString(script.home().resolve("run/trainer-service.pid"))
                .trim());
        ProcessHandle trainer = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(
                "trainer process " + pid + " is not running"));
        trainer.destroyForcibly();
        trainer.onExit().join();
    }

    /** Starts whichever service is not running (after {@link #killTrainer}, the trainer). */
    void startMissing() {
        script.run(Duration.ofMinutes(5), "start");
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + GATEWAY_PORT;
    }

    Path logs() {
        return script.home().resolve("logs");
    }

    @Override
    public void close() {
        script.run(Duration.ofMinutes(2), "stop");
    }
}
