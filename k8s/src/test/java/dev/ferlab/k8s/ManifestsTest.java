package dev.ferlab.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay renders with `kubectl kustomize`, every object validates against the Kubernetes 1.32 strict schemas
 * and the operators' CRDs (../shared/k8s-schemas), and the cross-checks against the code and docker-compose.yml find
 * nothing. BrokenManifestsTest shows that each of these fails on a broken manifest.
 */
class ManifestsTest {
    static Schemas schemas;

    @BeforeAll
    static void loadSchemas() throws Exception {
        schemas = new Schemas(Path.of(System.getProperty("ferlab.k8s.schemas", "../../shared/k8s-schemas")));
    }

    static final Map<String, Function<List<ObjectNode>, List<String>>> CHECKS = Map.of(
            "settings", ManifestChecks::settings, "probes", ManifestChecks::probes, "images", ManifestChecks::images,
            "scaling", ManifestChecks::scaling, "secrets", ManifestChecks::secrets, "network", ManifestChecks::network,
            "hardening", ManifestChecks::hardening);

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "gpu"})
    void everyObjectValidatesAgainstItsSchema(String overlay) throws Exception {
        List<ObjectNode> objects = Manifests.render(overlay);
        assertTrue(objects.size() > 20, overlay + " renders " + objects.size() + " objects");
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(schemas.problems(o)));
        assertEquals(List.of(), problems, overlay + ": objects that a cluster would refuse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "gpu"})
    void crossChecksFindNothing(String overlay) throws Exception {
        List<ObjectNode> objects = Manifests.render(overlay);
        List<String> problems = new ArrayList<>();
        CHECKS.forEach((name, check) -> problems.addAll(check.apply(objects)));
        if (!overlay.equals("local")) { // locally stack-init makes the topics from the code itself
            problems.addAll(ManifestChecks.topics(objects));
        }
        assertEquals(List.of(), problems, overlay);
    }

    /** The settings check reads what each service needs from its sources; this pins what it finds today. */
    @org.junit.jupiter.api.Test
    void theSettingsEachServiceNeedsAreReadFromItsSources() {
        String store = "FERLAB_OBJECT_STORE_ACCESS_KEY, FERLAB_OBJECT_STORE_ENDPOINT, FERLAB_OBJECT_STORE_SECRET_KEY";
        assertEquals("[FERLAB_API_TOKEN, FERLAB_DB_PASSWORD, FERLAB_DB_URL, FERLAB_KAFKA, " + store + "]",
                ServiceSettings.required("gateway").toString());
        assertEquals("[FERLAB_KAFKA, " + store + "]", ServiceSettings.required("preprocess-service").toString());
        assertEquals("[FERLAB_DB_PASSWORD, FERLAB_DB_URL, FERLAB_KAFKA, " + store + "]",
                ServiceSettings.required("trainer-service").toString());
        assertEquals("[FERLAB_DB_PASSWORD, FERLAB_DB_URL, FERLAB_KAFKA, " + store + "]",
                ServiceSettings.required("evaluator-service").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu"})
    void gpuTrainersAskForAGpuOnGpuNodes(String overlay) throws Exception {
        ObjectNode trainer = Manifests.find(Manifests.render(overlay), "Deployment", "trainer-service");
        var c = ManifestChecks.container(trainer);
        assertEquals("1", c.path("resources").path("limits").path("nvidia.com/gpu").asText());
        assertTrue(c.path("image").asText().endsWith(":local-gpu"), c.path("image").asText());
        var pod = trainer.path("spec").path("template").path("spec");
        assertEquals("true", pod.path("nodeSelector").path("nvidia.com/gpu.present").asText());
        assertEquals("nvidia.com/gpu", pod.path("tolerations").path(0).path("key").asText());
    }
}
