package dev.ferlab.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each check of ManifestsTest, shown to fail on a copy of the production overlay broken the way people break them. */
class BrokenManifestsTest {
    static List<ObjectNode> production;
    static Schemas schemas;

    @BeforeAll
    static void render() throws Exception {
        production = Manifests.render("production");
        schemas = new Schemas(Path.of(System.getProperty("ferlab.k8s.schemas", "../../shared/k8s-schemas")));
    }

    /** Breaks a copy with {@code damage}, runs {@code check} on it, expects a problem that mentions {@code expected}. */
    private static void fails(Consumer<List<ObjectNode>> damage, Function<List<ObjectNode>, List<String>> check,
            String expected) {
        assertTrue(check.apply(production).isEmpty(), "the intact overlay passes: " + check.apply(production));
        List<ObjectNode> broken = Manifests.copy(production);
        damage.accept(broken);
        List<String> problems = check.apply(broken);
        assertFalse(problems.isEmpty(), "the check misses the damage (" + expected + ")");
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " in " + problems);
    }

    private static ObjectNode container(List<ObjectNode> objects, String deployment) {
        return (ObjectNode) ManifestChecks.container(Manifests.find(objects, "Deployment", deployment));
    }

    @Test
    void anUnknownFieldIsRefused() {
        List<ObjectNode> broken = Manifests.copy(production);
        container(broken, "gateway").put("imagePullPolicyy", "Always");
        assertFalse(schemas.problems(Manifests.find(broken, "Deployment", "gateway")).isEmpty());
        ObjectNode kafka = Manifests.find(broken, "Kafka", "ferlab");
        ((ObjectNode) kafka.path("spec")).putObject("zookeeper").put("replicas", 3);
        assertFalse(schemas.problems(kafka).isEmpty(), "Strimzi v1 has no zookeeper");
        ObjectNode so = Manifests.find(broken, "ScaledObject", "trainer-service");
        ((ObjectNode) so.path("spec")).put("maxReplicas", 3);
        assertFalse(schemas.problems(so).isEmpty());
    }

    @Test
    void aWrongTypeIsRefused() {
        List<ObjectNode> broken = Manifests.copy(production);
        ObjectNode so = Manifests.find(broken, "ScaledObject", "trainer-service");
        ((ObjectNode) so.path("spec").path("triggers").path(1).path("metadata")).put("lagThreshold", 1);
        assertFalse(schemas.problems(so).isEmpty(), "KEDA's trigger metadata takes strings only");
        ObjectNode topic = Manifests.find(broken, "KafkaTopic", "shards.ready");
        ((ObjectNode) topic.path("spec")).put("partitions", "twelve");
        assertFalse(schemas.problems(topic).isEmpty());
    }

    @Test
    void aMissingSetting() {
        fails(o -> {
            ArrayNode env = (ArrayNode) container(o, "evaluator-service").path("env");
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).path("name").asText().equals("FERLAB_DB_PASSWORD")) {
                    env.remove(i);
                }
            }
        }, ManifestChecks::settings, "FERLAB_DB_PASSWORD");
        fails(o -> ((ObjectNode) Manifests.find(o, "ConfigMap", "ferlab-config").path("data")).remove("FERLAB_KAFKA"),
                ManifestChecks::settings, "FERLAB_KAFKA");
    }

    @Test
    void aWrongProbe() {
        fails(o -> ((ObjectNode) container(o, "trainer-service").path("readinessProbe").path("httpGet"))
                .put("path", "/health"), ManifestChecks::probes, "readinessProbe asks /health");
        fails(o -> ((ObjectNode) container(o, "gateway").path("ports").path(0)).put("containerPort", 8081),
                ManifestChecks::probes, "the image listens on 8080");
    }

    @Test
    void anImageComposeDoesNotRun() {
        fails(o -> container(o, "preprocess-service").put("image", "ferlab/preprocess-service:latest"),
                ManifestChecks::images, "ferlab/preprocess-service:latest");
        fails(o -> ((ObjectNode) Manifests.find(o, "Cluster", "ferlab-db").path("spec"))
                .put("imageName", "ghcr.io/cloudnative-pg/postgresql:16.4"), ManifestChecks::images, "16.4");
    }

    @Test
    void aTopicMissingOrWronglyPartitioned() {
        fails(o -> o.removeIf(x -> Manifests.name(x).equals("KafkaTopic/shards.ready.ferlab-trainer.dlq")),
                ManifestChecks::topics, "shards.ready.ferlab-trainer.dlq");
        fails(o -> ((ObjectNode) Manifests.find(o, "KafkaTopic", "shards.ready").path("spec")).put("partitions", 3),
                ManifestChecks::topics, "shards.ready has 3 partitions");
    }

    @Test
    void scalingThatCouldNotWakeOrWouldKillMidEpoch() {
        fails(o -> ((ArrayNode) Manifests.find(o, "ScaledObject", "trainer-service").path("spec").path("triggers"))
                .remove(1), ManifestChecks::scaling, "no kafka trigger");
        fails(o -> ((ObjectNode) Manifests.find(o, "Deployment", "trainer-service").path("spec").path("template")
                .path("spec")).put("terminationGracePeriodSeconds", 30), ManifestChecks::scaling,
                "terminationGracePeriodSeconds 30");
        fails(o -> ((ObjectNode) Manifests.find(o, "ScaledObject", "trainer-service").path("spec"))
                .put("minReplicaCount", 1), ManifestChecks::scaling, "minReplicaCount should be 0");
        fails(o -> ((ObjectNode) Manifests.find(o, "ScaledObject", "trainer-service").path("spec").path("triggers")
                .path(0).path("metadata")).put("query", "SELECT count(*) FROM training_queue"),
                ManifestChecks::scaling, "open rows");
    }

    @Test
    void aCommittedSecretOrCredential() {
        fails(o -> o.add((ObjectNode) Manifests.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Secret")
                .set("metadata", Manifests.YAML.createObjectNode().put("name", "ferlab-api"))),
                ManifestChecks::secrets, "Secret/ferlab-api");
        fails(o -> ((ArrayNode) container(o, "gateway").path("env")).addObject().put("name", "FERLAB_API_TOKEN")
                .put("value", "hunter2"), ManifestChecks::secrets, "FERLAB_API_TOKEN is spelled out");
    }

    @Test
    void anOpenService() {
        fails(o -> ((ArrayNode) Manifests.find(o, "NetworkPolicy", "services-metrics-ingress").path("spec")
                .path("ingress")).addObject().putArray("ports").addObject().put("port", 8080),
                ManifestChecks::network, "lets anyone reach");
        fails(o -> o.removeIf(x -> Manifests.name(x).equals("NetworkPolicy/services-default-deny")),
                ManifestChecks::network, "no policy denies");
    }

    @Test
    void aWritableOrRootContainer() {
        fails(o -> ((ObjectNode) container(o, "evaluator-service").path("securityContext"))
                .put("readOnlyRootFilesystem", false), ManifestChecks::hardening, "writable");
    }
}
