package dev.ferlab.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The overlays as `kubectl kustomize` renders them, offline: what `kubectl apply -k` would send. */
final class Manifests {
    static final YAMLMapper YAML = new YAMLMapper();
    static final List<String> OVERLAYS = List.of("local", "production", "gpu");

    private Manifests() {
    }

    static Path root() {
        return Path.of(System.getProperty("ferlab.root", "..")).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    /** Every object of one overlay, in the order kustomize prints them. */
    static List<ObjectNode> render(String overlay) throws IOException, InterruptedException {
        Path dir = k8s().resolve("overlays").resolve(overlay);
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the overlays offline and was not found: install it "
                    + "(apt-get install kubectl; ./ferlab test does)", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
        }
        return parse(new String(out, StandardCharsets.UTF_8));
    }

    static List<ObjectNode> parse(String yaml) throws IOException {
        List<ObjectNode> objects = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject()) {
                    objects.add((ObjectNode) n);
                }
            }
        }
        return objects;
    }

    /** A deep copy, for the tests that break one object and expect a check to say so. */
    static List<ObjectNode> copy(List<ObjectNode> objects) {
        return new ArrayList<>(objects.stream().map(ObjectNode::deepCopy).toList());
    }

    static String name(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())
                && name.equals(o.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the rendering"));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + p, e);
        }
    }
}
