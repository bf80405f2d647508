package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.shards.LeakageAudit;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.spec.SpecValidator;
import dev.ferlab.preprocess.audit.LeakageAuditor;
import dev.ferlab.preprocess.balance.Smote;
import dev.ferlab.preprocess.dataset.ImageFolderSource;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.split.StratifiedSplitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeakageAuditTest {
    private static final int SIDE = 16;

    private static LabeledImage face(long seed, String name) {
        // Smooth gradients with a seeded slope: distinct seeds give distinct difference hashes.
        Random r = new Random(seed);
        double ax = r.nextGaussian();
        double ay = r.nextGaussian();
        double fx = 0.2 + r.nextDouble();
        byte[] p = new byte[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                p[y * SIDE + x] = (byte) (128 + 60 * Math.sin(fx * x * ax + y * ay * 0.7));
            }
        }
        return new LabeledImage(EmotionLabel.ANGER, name, p);
    }

    @Test
    void exactAndNearCopiesAndTheSourcesOfSyntheticTrainingImagesAreCounted() {
        List<LabeledImage> train = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            train.add(face(i, "train-" + i));
        }
        LabeledImage copy = new LabeledImage(EmotionLabel.ANGER, "copy", train.get(3).pixels().clone());
        byte[] nudged = train.get(5).pixels().clone();
        nudged[17] = (byte) ((nudged[17] & 0xFF) ^ 1); // one grey level on one pixel: the same face to the eye
        LabeledImage near = new LabeledImage(EmotionLabel.ANGER, "near", nudged);
        LabeledImage other = face(1000, "other");
        LabeledImage source = face(2000, "source");
        LabeledImage sourceOfHeldOut = face(3000, "source-of-held-out");
        LabeledImage synthetic = new LabeledImage(EmotionLabel.ANGER, "smote/anger/0-1", train.get(0).pixels());
        LabeledImage heldOutSynthetic = face(4000, "smote/anger/2-3");
        train.add(synthetic);
        Map<Split, List<LabeledImage>> splits = new EnumMap<>(Split.class);
        splits.put(Split.TRAIN, train);
        splits.put(Split.VALIDATION, List.of(other, heldOutSynthetic));
        splits.put(Split.TEST, List.of(copy, near, other, source, sourceOfHeldOut));
        Map<LabeledImage, List<LabeledImage>> sources = new java.util.IdentityHashMap<>();
        sources.put(synthetic, List.of(source, train.get(1)));
        sources.put(heldOutSynthetic, List.of(sourceOfHeldOut, train.get(2)));
        LeakageAudit audit = LeakageAuditor.audit(splits, SIDE, sources);
        assertEquals(LeakageAudit.HAMMING_THRESHOLD, audit.hammingThreshold());
        assertEquals(new LeakageAudit.SplitLeakage(5, 1, 2, 1), audit.test(),
                "the copy is exact (and near), the nudged one near, the source of a synthetic training image counted;"
                        + " the source of a held-out synthetic image is not");
        assertEquals(new LeakageAudit.SplitLeakage(2, 0, 0, 0), audit.validation());
        assertTrue(audit.leaks());
    }

    @Test
    void ck48SplitImageByImageLeaksNearCopiesOfTrainingFramesIntoTestASubjectSplitDoesNot() throws Exception {
        List<LabeledImage> images = new ImageFolderSource(Path.of(System.getProperty("ferlab.datasets",
                "../../shared/datasets"), "ck48")).load(48);
        LeakageAudit random = LeakageAuditor.audit(StratifiedSplitter.split(images, 7), 48, Map.of());
        LeakageAudit subjects = LeakageAuditor.audit(StratifiedSplitter.split(images, 7,
                SpecValidator.CK_SUBJECT_PATTERN).splits(), 48, Map.of());
        System.out.printf("CK+48 test split, near duplicates in training: random split %d of %d, subject split %d of"
                + " %d%n", random.test().nearInTraining(), random.test().images(), subjects.test().nearInTraining(),
                subjects.test().images());
        assertTrue(random.test().nearInTraining() > random.test().images() / 2, random.toString());
        assertEquals(0, subjects.test().nearInTraining(), subjects.toString());
        // SMOTE before the split: test images made synthetic training images.
        Smote.Oversampled o = Smote.oversampleTracked(images, 5, 7, 2);
        LeakageAudit before = LeakageAuditor.audit(StratifiedSplitter.split(o.images(), 7), 48, o.sources());
        assertTrue(before.test().sourcesOfTrainingSynthetics() > 0, before.toString());
    }
}
