package dev.ferlab.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The schemas in ../shared/k8s-schemas, as a cluster applies them: the core kinds in their strict form, and each
 * CRD's openAPIV3Schema with every object closed (no property beyond those listed) unless it says
 * x-kubernetes-preserve-unknown-fields, and apiVersion and kind pinned.
 */
final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private final Map<String, JsonSchema> byType = new HashMap<>();
    private final Path dir;

    Schemas(Path dir) throws IOException {
        this.dir = dir;
        if (!Files.isDirectory(dir.resolve("core")) || !Files.isDirectory(dir.resolve("crds"))) {
            throw new AssertionError("no schemas at " + dir + " (../shared/k8s-schemas beside the checkout)");
        }
        try (Stream<Path> crds = Files.list(dir.resolve("crds"))) {
            for (Path f : crds.sorted().toList()) {
                JsonNode crd = Manifests.YAML.readTree(f.toFile());
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (!v.path("served").asBoolean()) {
                        continue;
                    }
                    String apiVersion = group + "/" + v.path("name").asText();
                    ObjectNode schema = (ObjectNode) v.path("schema").path("openAPIV3Schema").deepCopy();
                    close(schema);
                    strip(schema);
                    pin(schema, apiVersion, kind);
                    byType.put(apiVersion + " " + kind, factory.getSchema(schema));
                }
            }
        }
    }

    /** What is wrong with one object; empty when it validates. */
    List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        JsonSchema schema;
        try {
            schema = byType.containsKey(apiVersion + " " + kind) ? byType.get(apiVersion + " " + kind) : core(apiVersion, kind);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        if (schema == null) {
            return List.of(Manifests.name(object) + ": no schema for " + apiVersion + " " + kind);
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(object)) {
            problems.add(Manifests.name(object) + ": " + m.getMessage());
        }
        return problems;
    }

    /** core/deployment-apps-v1.json for apps/v1 Deployment; core/service-v1.json for v1 Service. */
    private JsonSchema core(String apiVersion, String kind) throws IOException {
        String key = apiVersion + " " + kind;
        String[] gv = apiVersion.split("/");
        String suffix = gv.length == 1 ? gv[0] : gv[0].split("\\.")[0] + "-" + gv[1];
        Path f = dir.resolve("core").resolve(kind.toLowerCase() + "-" + suffix + ".json");
        if (!Files.exists(f)) {
            return null;
        }
        ObjectNode schema = (ObjectNode) JSON.readTree(f.toFile());
        strip(schema);
        pin(schema, apiVersion, kind);
        JsonSchema s = factory.getSchema(schema);
        byType.put(key, s);
        return s;
    }

    private static void pin(ObjectNode schema, String apiVersion, String kind) {
        ObjectNode props = schema.withObject("/properties");
        props.putObject("apiVersion").put("type", "string").putArray("enum").add(apiVersion);
        props.putObject("kind").put("type", "string").putArray("enum").add(kind);
        ArrayNode required = schema.has("required") ? (ArrayNode) schema.get("required") : schema.putArray("required");
        required.add("apiVersion").add("kind");
        schema.remove("$schema");
    }

    /**
     * Closes every object schema that lists properties, as the API server prunes and strict validation rejects;
     * before strip, which drops the x-kubernetes-preserve-unknown-fields this reads.
     */
    private static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (o.has("properties") && !o.has("additionalProperties") && !preserve) {
                o.put("additionalProperties", false);
            }
            o.elements().forEachRemaining(Schemas::close);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(Schemas::close);
        }
    }

    /** Drops the keywords JSON Schema draft 4 does not know (x-kubernetes-*, nullable, $schema). */
    private static void strip(JsonNode node) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            List<String> drop = new ArrayList<>();
            names.forEachRemaining(n -> {
                if (n.startsWith("x-kubernetes-") || n.equals("nullable") || n.equals("$schema")) {
                    drop.add(n);
                }
            });
            ((ObjectNode) node).remove(drop);
            node.elements().forEachRemaining(Schemas::strip);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(Schemas::strip);
        }
    }
}
