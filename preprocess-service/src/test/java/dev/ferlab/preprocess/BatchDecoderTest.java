package dev.ferlab.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.image.BatchDecoder;
import dev.ferlab.preprocess.image.OpenCv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class BatchDecoderTest {

    @Test
    void decodesAcrossBatchesInInputOrderAndLeavesOutWhatIsNotAnImage() {
        OpenCv.load();
        List<LabeledImage> out = new ArrayList<>();
        BatchDecoder decoder = new BatchDecoder(4, out);
        int count = 1300; // two full batches and a part
        for (int i = 0; i < count; i++) {
            if (i == 700) {
                decoder.add(EmotionLabel.FEAR, "broken", new byte[] {1, 2, 3});
            }
            Mat m = new Mat(10, 10, CvType.CV_8UC1, new Scalar(i % 256));
            MatOfByte png = new MatOfByte();
            Imgcodecs.imencode(".png", m, png);
            decoder.add(i % 2 == 0 ? EmotionLabel.ANGER : EmotionLabel.SURPRISE, "image-" + i, png.toArray());
            m.release();
        }
        decoder.flush();
        assertEquals(count, out.size(), "the undecodable entry is left out, nothing else");
        for (int i = 0; i < count; i++) {
            LabeledImage image = out.get(i);
            assertEquals("image-" + i, image.name());
            assertEquals(i % 2 == 0 ? EmotionLabel.ANGER : EmotionLabel.SURPRISE, image.label());
            assertEquals(16, image.pixels().length);
            assertEquals(i % 256, image.pixels()[5] & 0xFF, "image " + i + " decoded to its own pixels");
        }
    }
}
