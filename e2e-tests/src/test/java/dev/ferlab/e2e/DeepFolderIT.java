package dev.ferlab.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.stack.StackProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local stack starts from any folder: PostgreSQL's Unix socket path, limited to 107 bytes, once broke a clone in
 * a deep folder. Here FERLAB_HOME is far deeper than that, and the stack comes up and answers.
 */
class DeepFolderIT {

    @Test
    void theStackStartsAndAnswersUnderAFolderDeeperThanASocketPathMayBe() throws Exception {
        Path root = Path.of(System.getProperty("ferlab.root", "..")).toAbsolutePath().normalize();
        Path home = root.resolve("e2e-tests/target/" + "a-folder-deep-enough-".repeat(4) + "/"
                + "for-any-unix-socket-path-".repeat(3));
        int pg = 26432;
        // What a socket under it would have been called: past the limit, so the old layout could not start.
        assertTrue((home + "/pg-socket/.s.PGSQL." + pg).length() > 107, home.toString());
        if (Files.isDirectory(home)) {
            new FerlabScript(root, home, Map.of()).runQuietly(Duration.ofMinutes(2), "down");
        }
        FerlabScript script = new FerlabScript(root, home, Map.of("FERLAB_KAFKA_PORT", "26092",
                "FERLAB_KAFKA_CONTROLLER_PORT", "26093", "FERLAB_S3_PORT", "26000", "FERLAB_PG_PORT",
                String.valueOf(pg), "FERLAB_KAFKA", "127.0.0.1:26092", "FERLAB_OBJECT_STORE_ENDPOINT",
                "http://127.0.0.1:26000", "FERLAB_DB_URL", "jdbc:postgresql://127.0.0.1:" + pg + "/ferlab"));
        try {
            // ./ferlab up waits until each part answers for real: a SQL query, a bucket listing, a Kafka round trip.
            script.run(Duration.ofMinutes(5), "up");
            assertTrue(StackProbe.prepareDatabase("127.0.0.1", pg, "ferlab", "ferlab").contains("query answered"));
        } finally {
            script.runQuietly(Duration.ofMinutes(2), "down");
        }
    }
}
