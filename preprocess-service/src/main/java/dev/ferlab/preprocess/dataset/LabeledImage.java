package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.labels.EmotionLabel;

/** One decoded image: grayscale, already at the target size, row-major uint8. */
public record LabeledImage(EmotionLabel label, String name, byte[] pixels) {
}
