package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ferlab.preprocess.dataset.ImageFolderSource;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.image.ClaheStage;
import dev.ferlab.preprocess.image.GrayImages;
import dev.ferlab.preprocess.image.OpenCv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/** The preprocessor's decode, resize and CLAHE give exactly what OpenCV itself gives on real CK+48 faces. */
class ClaheTest {

    @Test
    void pipelineEqualsOpenCvsOwnOnRealImages() throws Exception {
        OpenCv.load();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Fixtures.dataset("ck48"))) {
            files = walk.filter(p -> p.toString().endsWith(".png")).sorted().limit(200).toList();
        }
        assertEquals(200, files.size());
        CLAHE reference = Imgproc.createCLAHE(2.0, new Size(8, 8));
        int changed = 0;
        for (Path file : files) {
            Mat gray = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_GRAYSCALE);
            Mat resized = new Mat();
            Imgproc.resize(gray, resized, new Size(96, 96), 0, 0, Imgproc.INTER_LINEAR);
            Mat expected = new Mat();
            reference.apply(resized, expected);
            byte[] want = new byte[96 * 96];
            expected.get(0, 0, want);
            byte[] before = new byte[96 * 96];
            resized.get(0, 0, before);

            byte[] decoded = GrayImages.decode(Files.readAllBytes(file), 96);
            assertNotNull(decoded, file.toString());
            assertArrayEquals(before, decoded, "decode and resize of " + file);
            byte[] ours = ClaheStage.apply(List.of(new LabeledImage(null, file.toString(), decoded)), 2.0, 8, 96, 1)
                    .get(0).pixels();
            assertArrayEquals(want, ours, "CLAHE of " + file);
            changed += Arrays.equals(before, ours) ? 0 : 1;
        }
        assertEquals(files.size(), changed, "CLAHE changed every image");
    }

    @Test
    void threadsDoNotChangeTheResult() throws Exception {
        List<LabeledImage> images = new ImageFolderSource(Fixtures.dataset("ck48")).load(96).subList(0, 120);
        List<LabeledImage> one = ClaheStage.apply(images, 2.0, 8, 96, 1);
        List<LabeledImage> four = ClaheStage.apply(images, 2.0, 8, 96, 4);
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(one.get(i).pixels(), four.get(i).pixels());
            assertEquals(images.get(i).label(), four.get(i).label());
        }
        assertFalse(Arrays.equals(images.get(0).pixels(), one.get(0).pixels()));
    }
}
