package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.labels.LabelVocabulary;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.spec.SpecValidator;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.split.StratifiedSplitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Subject-independent splits on CK+48's own file names (pixels left empty: only names and labels matter here). */
class GroupSplitTest {
    private static final Path CK48 = Path.of(System.getProperty("ferlab.datasets", "../../shared/datasets"), "ck48");

    private static List<LabeledImage> ck48() throws IOException {
        List<LabeledImage> images = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(CK48)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                EmotionLabel label = LabelVocabulary.canonicalFor(dir.getFileName().toString()).orElseThrow();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        images.add(new LabeledImage(label, label.canonical() + "/" + f.getFileName(), new byte[0]));
                    }
                }
            }
        }
        return images;
    }

    @Test
    void noCkSubjectHasImagesInTwoSplitsAndClassSharesStayNearTheWhole() throws IOException {
        List<LabeledImage> images = ck48();
        assertEquals(981, images.size());
        StratifiedSplitter.Result r = StratifiedSplitter.split(images, 7, SpecValidator.CK_SUBJECT_PATTERN);
        Map<String, Split> home = new HashMap<>();
        for (Split s : Split.values()) {
            for (LabeledImage i : r.splits().get(s)) {
                String subject = i.name().substring(i.name().indexOf("/S") + 2, i.name().indexOf('_'));
                Split before = home.putIfAbsent(subject, s);
                assertTrue(before == null || before == s, "subject " + subject + " in " + before + " and " + s);
            }
        }
        assertEquals(118, home.size(), "CK+48's 118 subjects");
        Set<String> listed = new HashSet<>();
        r.groups().values().forEach(listed::addAll);
        assertEquals(home.keySet(), listed, "the groups recorded per split are the subjects placed there");
        assertEquals(981, r.splits().values().stream().mapToInt(List::size).sum(), "every image once");
        // Sizes within 2 points of 80/10/10 and every class's share of each split within 5 points of its share of the whole
        // (subjects of up to 40 frames make exact proportions impossible).
        for (Split s : Split.values()) {
            List<LabeledImage> part = r.splits().get(s);
            assertEquals(s.fraction(), part.size() / 981.0, 0.02, s + " holds " + part.size());
            for (EmotionLabel c : images.stream().map(LabeledImage::label).distinct().toList()) {
                double whole = images.stream().filter(i -> i.label() == c).count() / 981.0;
                double here = part.stream().filter(i -> i.label() == c).count() / (double) part.size();
                assertEquals(whole, here, 0.05, c + " in " + s);
            }
        }
        assertEquals(r, StratifiedSplitter.split(images, 7, SpecValidator.CK_SUBJECT_PATTERN), "same seed, same split");
        assertNotEquals(r.groups(), StratifiedSplitter.split(images, 8, SpecValidator.CK_SUBJECT_PATTERN).groups(),
                "another seed, other subjects in test");
    }

    @Test
    void aRandomSplitPutsTheSameSubjectsInTrainingAndTest() throws IOException {
        // The reason for the option: split image by image, most test subjects also appear in training.
        Map<Split, List<LabeledImage>> random = StratifiedSplitter.split(ck48(), 7);
        Set<String> train = new HashSet<>();
        random.get(Split.TRAIN).forEach(i -> train.add(i.name().substring(i.name().indexOf("/S") + 2,
                i.name().indexOf('_'))));
        long shared = random.get(Split.TEST).stream().map(i -> i.name().substring(i.name().indexOf("/S") + 2,
                i.name().indexOf('_'))).distinct().filter(train::contains).count();
        assertTrue(shared > 30, shared + " test subjects also in training");
    }

    @Test
    void tenFoldsTestEveryImageOnceAndGroupedFoldsKeepEverySubjectInOneSplit() throws IOException {
        List<LabeledImage> images = ck48();
        for (String groupBy : java.util.Arrays.asList(null, SpecValidator.CK_SUBJECT_PATTERN)) {
            Map<String, Integer> tested = new HashMap<>();
            for (int fold = 0; fold < 10; fold++) {
                StratifiedSplitter.Result r = StratifiedSplitter.fold(images, 5, groupBy, 10, fold);
                assertEquals(981, r.splits().values().stream().mapToInt(List::size).sum());
                r.splits().get(Split.TEST).forEach(i -> tested.merge(i.name(), 1, Integer::sum));
                assertEquals(0.1, r.splits().get(Split.TEST).size() / 981.0, 0.03, "fold " + fold);
                if (groupBy != null) {
                    Map<String, Split> home = new HashMap<>();
                    for (Split s : Split.values()) {
                        for (LabeledImage i : r.splits().get(s)) {
                            String subject = i.name().substring(i.name().indexOf("/S") + 2, i.name().indexOf('_'));
                            Split before = home.putIfAbsent(subject, s);
                            assertTrue(before == null || before == s, "fold " + fold + ": subject " + subject);
                        }
                    }
                }
            }
            assertEquals(981, tested.size(), "every image tested (" + groupBy + ")");
            assertTrue(tested.values().stream().allMatch(n -> n == 1), "and only once");
        }
        assertThrows(IllegalArgumentException.class, () -> StratifiedSplitter.fold(images, 5, null, 10, 10));
    }

    @Test
    void aFileNameOutsideThePatternIsNamed() {
        List<LabeledImage> images = List.of(new LabeledImage(EmotionLabel.ANGER, "anger/S010_001.png", new byte[0]),
                new LabeledImage(EmotionLabel.FEAR, "fear/face.png", new byte[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StratifiedSplitter.split(images, 1, SpecValidator.CK_SUBJECT_PATTERN));
        assertTrue(e.getMessage().contains("fear/face.png") && e.getMessage().contains("groupBy"), e.getMessage());
    }
}
