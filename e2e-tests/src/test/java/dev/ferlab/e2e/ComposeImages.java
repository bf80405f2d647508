package dev.ferlab.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.utility.DockerImageName;

/**
 * The infrastructure images as docker-compose.yml names them ({@code ${KAFKA_IMAGE:-apache/kafka:4.1.1}}), the one
 * place their versions are pinned; each variable set in the environment (./ferlab test sets the stand-ins' there)
 * wins, as it does for compose.
 */
final class ComposeImages {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+_IMAGE):-([^}]+)}");

    private ComposeImages() {
    }

    static Map<String, String> of(Path root) {
        Map<String, String> images = new TreeMap<>();
        try {
            Matcher m = VARIABLE.matcher(Files.readString(root.resolve("docker-compose.yml")));
            while (m.find()) {
                images.put(m.group(1), System.getenv().getOrDefault(m.group(1), m.group(2)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return images;
    }

    /** The image for {@code variable}, usable where Testcontainers expects {@code official}. */
    static DockerImageName image(Path root, String variable, String official) {
        String name = of(root).get(variable);
        if (name == null) {
            throw new IllegalStateException("docker-compose.yml names no ${" + variable + ":-...}");
        }
        return DockerImageName.parse(name).asCompatibleSubstituteFor(official);
    }
}
