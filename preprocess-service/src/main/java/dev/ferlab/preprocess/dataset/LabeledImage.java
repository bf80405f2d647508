package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.shards.Split;

/**
 * One decoded image: grayscale, already at the target size, row-major uint8.
 *
 * @param presetSplit the split its dataset assigns it (FER2013's Usage column), or null to let the splitter decide
 */
public record LabeledImage(EmotionLabel label, String name, byte[] pixels, Split presetSplit) {

    public LabeledImage(EmotionLabel label, String name, byte[] pixels) {
        this(label, name, pixels, null);
    }
}
