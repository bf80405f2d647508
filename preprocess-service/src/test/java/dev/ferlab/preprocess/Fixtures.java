package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data: random small images, and the shared real datasets (a missing one fails, never skips). */
final class Fixtures {
    private Fixtures() {
    }

    static List<LabeledImage> random(long seed, int pixels, Object... labelAndCount) {
        Random rnd = new Random(seed);
        List<LabeledImage> images = new ArrayList<>();
        for (int i = 0; i < labelAndCount.length; i += 2) {
            EmotionLabel label = (EmotionLabel) labelAndCount[i];
            int count = (Integer) labelAndCount[i + 1];
            for (int n = 0; n < count; n++) {
                byte[] px = new byte[pixels];
                rnd.nextBytes(px);
                images.add(new LabeledImage(label, label.canonical() + "/" + n, px));
            }
        }
        return images;
    }

    static Path dataset(String name) {
        Path dir = Path.of(System.getProperty("ferlab.datasets", "../../shared/datasets")).resolve(name)
                .toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(dir), "test dataset missing: " + dir + " (set -Dferlab.datasets)");
        return dir;
    }
}
