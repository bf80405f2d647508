package dev.ferlab.common.models;

import java.util.List;

/**
 * The input scaling a network's weights were trained with, applied after pixels are scaled to [0, 1]:
 * {@code (x - mean[c]) / std[c]} per channel, channels in {@code channelOrder}. A model without one (every model
 * trained from scratch by ferlab) takes pixels in [0, 1] as they are.
 */
public record Normalization(String channelOrder, List<Float> mean, List<Float> std) {
    /** What torchvision's ImageNet weights expect (its {@code transforms.Normalize} for every classification model). */
    public static final Normalization IMAGENET = new Normalization("RGB",
            List.of(0.485f, 0.456f, 0.406f), List.of(0.229f, 0.224f, 0.225f));

    public Normalization {
        if (mean == null || std == null || mean.size() != std.size() || mean.isEmpty()) {
            throw new IllegalArgumentException("normalization needs as many means as standard deviations, one per "
                    + "channel: " + mean + " and " + std);
        }
        if (std.stream().anyMatch(s -> s == null || !(s > 0))) {
            throw new IllegalArgumentException("normalization std must be positive: " + std);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
    }

    public int channels() {
        return mean.size();
    }
}
