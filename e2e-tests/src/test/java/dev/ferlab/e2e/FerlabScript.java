package dev.ferlab.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's own {@code ./ferlab} script, the same one a user runs, with a test's environment. */
final class FerlabScript {
    private final Path root;
    private final Path home;
    private final Map<String, String> env;

    FerlabScript(Path root, Path home, Map<String, String> env) {
        this.root = root;
        this.home = home;
        this.env = env;
    }

    Path home() {
        return home;
    }

    void run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("ferlab").toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(home);
            Path log = home.resolve("ferlab-" + args[0] + ".out");
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            pb.environment().put("FERLAB_HOME", home.toString());
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("./ferlab " + String.join(" ", args) + " did not finish in " + timeout + ":\n" + tail(log));
            }
            if (p.exitValue() != 0) {
                fail("./ferlab " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ./ferlab: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Best effort, for clean-up after a failure that is already being reported. */
    void runQuietly(Duration timeout, String... args) {
        try {
            run(timeout, args);
        } catch (RuntimeException | AssertionError e) {
            System.err.println("clean-up ./ferlab " + String.join(" ", args) + " failed too: " + e.getMessage());
        }
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
