package dev.ferlab.gateway.grid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.spec.Balancing;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.gateway.grid.rest.GridSubmission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridExpansionTest {

    private static GridSubmission grid(String preset, List<String> models, List<String> modes,
            List<PreprocessingSubmission> pre, List<Long> seeds) {
        return new GridSubmission(null, preset, "/data/ck48", models, modes, pre, seeds, 2, null, null, null, null, null,
                null);
    }

    @Test
    void thePaperPresetIsExactlyTheStudys27Runs() {
        List<ExperimentSpec> specs = GridExpansion.expand(grid("paper", null, null, null, null));
        assertEquals(27, specs.size());
        Set<String> configurations = new HashSet<>();
        for (ExperimentSpec s : specs) {
            String variant = (s.preprocessing().clahe() ? "clahe+" : "") + s.preprocessing().balancing().id();
            configurations.add(s.model().id() + "/" + s.transferMode().id() + "/" + variant);
            assertEquals(2, s.epochs(), "the shared fields apply to every run");
            assertEquals("/data/ck48", s.dataset());
        }
        Set<String> expected = new HashSet<>();
        for (String m : List.of("resnet50", "vgg16", "mobilenetv3-large")) {
            for (String t : List.of("none", "partial", "full")) {
                for (String p : List.of("none", "undersample", "clahe+smote")) {
                    expected.add(m + "/" + t + "/" + p);
                }
            }
        }
        assertEquals(expected, configurations);
        // Raw and undersampled data have no CLAHE; only the third variant has it, with SMOTE.
        assertEquals(9, specs.stream().filter(s -> s.preprocessing().clahe()).count());
        assertTrue(specs.stream().filter(s -> s.preprocessing().clahe())
                .allMatch(s -> s.preprocessing().balancing() == Balancing.SMOTE));
        // Table 1's order: model, then transfer mode, then preprocessing.
        assertEquals("resnet50", specs.get(0).model().id());
        assertEquals("none", specs.get(0).transferMode().id());
        assertEquals("mobilenetv3-large", specs.get(26).model().id());
    }

    @Test
    void theReducedFer2013PresetIsTheNineFromScratchRunsAt48ForThreeEpochsAndGivenFieldsWin() {
        GridSubmission preset = new GridSubmission(null, "fer2013-reduced", "dataset:d", null, null, null, null,
                null, null, null, null, null, null, null);
        List<ExperimentSpec> specs = GridExpansion.expand(preset);
        assertEquals(9, specs.size());
        assertEquals(List.of("resnet50", "vgg16", "mobilenetv3-large"),
                specs.stream().map(s -> s.model().id()).distinct().toList());
        assertTrue(specs.stream().allMatch(s -> s.transferMode().id().equals("none")
                && s.preprocessing().imageSize() == 48 && s.epochs() == 3 && s.batchSize() == 32 && s.seed() == 42),
                specs.toString());
        assertEquals(List.of("none", "undersample", "smote"), specs.subList(0, 3).stream()
                .map(s -> s.preprocessing().balancing().id()).toList());
        assertEquals(List.of(false, false, true), specs.subList(0, 3).stream()
                .map(s -> s.preprocessing().clahe()).toList());
        GridSubmission longer = new GridSubmission(null, " FER2013-Reduced ", "dataset:d", List.of("small-cnn"),
                null, null, List.of(1L, 2L), 5, null, null, null, null, null, null);
        List<ExperimentSpec> mine = GridExpansion.expand(longer);
        assertEquals(6, mine.size());
        assertTrue(mine.stream().allMatch(s -> s.epochs() == 5 && s.model().id().equals("small-cnn")
                && s.preprocessing().imageSize() == 48), mine.toString());
    }

    @Test
    void foldsCrossValidateEveryCellOneRunPerFoldInnermost() {
        GridSubmission tenFold = new GridSubmission(null, null, "/data/ck48", List.of("small-cnn"), null,
                List.of(PreprocessingSubmission.named("raw"), PreprocessingSubmission.named("clahe+smote")),
                List.of(1L), 2, null, null, null, null, null, 10);
        List<ExperimentSpec> specs = GridExpansion.expand(tenFold);
        assertEquals(20, specs.size());
        assertEquals(java.util.stream.IntStream.range(0, 10).boxed().toList(),
                specs.subList(0, 10).stream().map(s -> s.preprocessing().fold()).toList());
        assertTrue(specs.stream().allMatch(s -> s.preprocessing().folds() == 10));
        assertTrue(specs.subList(10, 20).stream().allMatch(s -> s.preprocessing().clahe()));
        InvalidSpecException two = assertThrows(InvalidSpecException.class, () -> GridExpansion.expand(
                new GridSubmission(null, null, "/data/ck48", List.of("small-cnn"), null, null, null, 2, null, null,
                        null, null, null, 2)));
        assertEquals("folds", two.errors().get(0).field());
        // Without a preprocessing list, the default one is cross-validated.
        assertEquals(5, GridExpansion.expand(new GridSubmission(null, null, "/data/ck48", List.of("small-cnn"), null,
                null, null, 2, null, null, null, null, null, 5)).size());
    }

    @Test
    void theProductRunsOverEveryListWithSeedsInnermost() {
        List<ExperimentSpec> specs = GridExpansion.expand(grid(null, List.of("small-cnn", "vgg16"), null,
                List.of(new PreprocessingSubmission(null, null, null, null, "none", null, null, null, null),
                        new PreprocessingSubmission(null, true, null, null, "smote", null, null, null, null)), List.of(1L, 2L, 3L)));
        assertEquals(2 * 1 * 2 * 3, specs.size());
        assertEquals(List.of(1L, 2L, 3L), specs.subList(0, 3).stream().map(ExperimentSpec::seed).toList());
        assertTrue(specs.stream().allMatch(s -> s.transferMode().id().equals("none")), "transfer mode defaults");
    }

    @Test
    void everyInvalidEntryIsNamedByItsPositionOnce() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> GridExpansion.expand(grid(null,
                List.of("resnet50", "alexnet"), List.of("none", "half"),
                List.of(new PreprocessingSubmission(8, null, null, null, null, null, null, null, null)), List.of(1L, 2L))));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        // Each bad entry once, though it occurs in several combinations.
        assertEquals(Set.of("models[1]", "transferModes[1]", "preprocessing[0].imageSize"), new HashSet<>(fields));
        assertEquals(3, fields.size(), fields.toString());
        assertTrue(e.errors().stream().anyMatch(f -> f.message().contains("alexnet")), e.errors().toString());
    }

    @Test
    void missingListsUnknownPresetsAndHugeGridsAreRefused() {
        InvalidSpecException noModels = assertThrows(InvalidSpecException.class,
                () -> GridExpansion.expand(grid(null, null, null, null, null)));
        assertEquals("models", noModels.errors().get(0).field());
        InvalidSpecException preset = assertThrows(InvalidSpecException.class,
                () -> GridExpansion.expand(grid("thesis", List.of("vgg16"), null, null, null)));
        assertEquals("preset", preset.errors().get(0).field());
        assertTrue(preset.errors().get(0).message().contains("paper, fer2013-reduced"), preset.errors().toString());
        InvalidSpecException empty = assertThrows(InvalidSpecException.class,
                () -> GridExpansion.expand(grid(null, List.of(), null, null, null)));
        assertTrue(empty.errors().get(0).message().contains("at least one"));
        List<Long> seeds = java.util.stream.LongStream.range(0, 400).boxed().toList();
        InvalidSpecException huge = assertThrows(InvalidSpecException.class,
                () -> GridExpansion.expand(grid("paper", null, null, null, seeds)));
        assertTrue(huge.errors().get(0).message().contains("10800"), huge.errors().toString());
    }
}
