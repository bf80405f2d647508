package dev.ferlab.gateway.vocabulary.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.spec.PreprocessingVariant;
import dev.ferlab.common.spec.TransferMode;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API's vocabulary is the enums', and the SQL views and the Grafana dashboard name no status, model, transfer
 * mode or variant that the vocabulary lacks (the views carry the gateway's stored names; only their filters spell
 * statuses).
 */
class VocabularyTest {
    private static final Path VIEWS = Path.of("../evaluator-service/src/main/resources/db/views/dashboard.sql");
    private static final Path GRAFANA = Path.of("../docker/grafana/dashboards/ferlab-results.json");

    @Test
    void theVocabularyListsEveryEnumValueWithItsStudyName() {
        VocabularyResource.Vocabulary v = new VocabularyResource().get();
        assertEquals(Arrays.stream(ModelArchitecture.values()).map(ModelArchitecture::id).toList(),
                v.models().stream().map(VocabularyResource.Model::id).toList());
        assertEquals(List.of("SmallCNN", "ResNet50", "VGG16", "MobileNetV3Large"),
                v.models().stream().map(VocabularyResource.Model::studyName).toList());
        assertEquals(List.of("ResNet50", "Partially Frozen ResNet50 (30%)", "Pre-Trained ResNet50"),
                v.transferModes().stream().map(VocabularyResource.Mode::studyName).toList());
        assertEquals(Arrays.stream(TransferMode.values()).map(TransferMode::id).toList(),
                v.transferModes().stream().map(VocabularyResource.Mode::id).toList());
        assertEquals(Arrays.stream(PreprocessingVariant.values()).map(PreprocessingVariant::id).toList(),
                v.preprocessing().stream().map(VocabularyResource.Variant::id).toList());
        assertEquals(Arrays.stream(ExperimentStatus.values()).map(Enum::name).toList(),
                v.statuses().stream().map(VocabularyResource.Status::id).toList());
        assertEquals(List.of("COMPLETED", "FAILED", "CANCELLED"), v.statuses().stream()
                .filter(VocabularyResource.Status::terminal).map(VocabularyResource.Status::id).toList());
        assertTrue(v.presets().contains("paper"));
    }

    @Test
    void theSqlViewsAndTheGrafanaDashboardNameOnlyKnownStatuses() throws Exception {
        Set<String> known = Arrays.stream(ExperimentStatus.values()).map(Enum::name).collect(Collectors.toSet());
        for (Path file : List.of(VIEWS, GRAFANA)) {
            Set<String> named = quotedCapitals(Files.readString(file));
            named.removeIf(known::contains);
            assertEquals(Set.of(), named, file + " names statuses the gateway does not have");
        }
        Set<String> counted = quotedCapitals(Files.readString(VIEWS));
        assertTrue(counted.containsAll(List.of("WAITING", "TRAINING")), "grid_summary counts waiting and training "
                + "runs apart: " + counted);
    }

    @Test
    void theSqlViewsNameOnlyKnownModelsModesAndVariants() throws Exception {
        Set<String> known = new TreeSet<>();
        Arrays.stream(ModelArchitecture.values()).map(ModelArchitecture::id).forEach(known::add);
        Arrays.stream(TransferMode.values()).map(TransferMode::id).forEach(known::add);
        Arrays.stream(PreprocessingVariant.values()).map(PreprocessingVariant::id).forEach(known::add);
        Matcher m = Pattern.compile("'([a-z0-9+-]+)'").matcher(Files.readString(VIEWS));
        Set<String> named = new TreeSet<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        // The splits, the spec's JSON field and the separators are not vocabulary.
        named.removeAll(Set.of("train", "validation", "test", "seed", "-", "+"));
        named.removeIf(known::contains);
        assertEquals(Set.of(), named, VIEWS + " names values the vocabulary lacks");
    }

    private static Set<String> quotedCapitals(String text) {
        Matcher m = Pattern.compile("'([A-Z][A-Z_]{3,})'").matcher(text);
        Set<String> found = new TreeSet<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
