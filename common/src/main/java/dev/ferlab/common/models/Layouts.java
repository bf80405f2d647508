package dev.ferlab.common.models;

import java.util.List;

/**
 * The study's three networks in numbers, as published and as torchvision builds them: the builders (module
 * {@code models}) and the table that names their parameters the way torchvision does
 * ({@link dev.ferlab.common.weights.TorchvisionNames}) both read them here.
 */
public final class Layouts {
    /** ResNet-50: bottlenecks per stage, their widths, and the expansion of each bottleneck's output. */
    public static final List<Integer> RESNET50_BLOCKS = List.of(3, 4, 6, 3);
    public static final List<Integer> RESNET50_WIDTHS = List.of(64, 128, 256, 512);
    public static final int RESNET50_EXPANSION = 4;
    public static final int RESNET50_STEM = 64;

    /** VGG-16, configuration D: the filters of each convolution, block by block (each block ends in a max pool). */
    public static final List<List<Integer>> VGG16_BLOCKS = List.of(List.of(64, 64), List.of(128, 128),
            List.of(256, 256, 256), List.of(512, 512, 512), List.of(512, 512, 512));
    /** The classifier reads a 7x7 map (adaptive average pooling brings any input to it) through two 4096 layers. */
    public static final int VGG16_POOLED = 7;
    public static final int VGG16_HIDDEN = 4096;

    /** One MobileNetV3 bottleneck: kernel, expansion, output, squeeze-excite, hard-swish (else ReLU), stride. */
    public record Bneck(int kernel, int expansion, int out, boolean se, boolean hardSwish, int stride) {
    }

    /** MobileNetV3-Large, the paper's Table 1. */
    public static final List<Bneck> MOBILENET_V3_LARGE = List.of(
            new Bneck(3, 16, 16, false, false, 1),
            new Bneck(3, 64, 24, false, false, 2),
            new Bneck(3, 72, 24, false, false, 1),
            new Bneck(5, 72, 40, true, false, 2),
            new Bneck(5, 120, 40, true, false, 1),
            new Bneck(5, 120, 40, true, false, 1),
            new Bneck(3, 240, 80, false, true, 2),
            new Bneck(3, 200, 80, false, true, 1),
            new Bneck(3, 184, 80, false, true, 1),
            new Bneck(3, 184, 80, false, true, 1),
            new Bneck(3, 480, 112, true, true, 1),
            new Bneck(3, 672, 112, true, true, 1),
            new Bneck(5, 672, 160, true, true, 2),
            new Bneck(5, 960, 160, true, true, 1),
            new Bneck(5, 960, 160, true, true, 1));
    public static final int MOBILENET_STEM = 16;
    public static final int MOBILENET_LAST_CONV = 960;
    public static final int MOBILENET_HIDDEN = 1280;

    private Layouts() {
    }

    /** The reference implementation's channel rounding: nearest multiple of 8, never more than 10% down. */
    public static int makeDivisible(int value) {
        int rounded = Math.max(8, (value + 4) / 8 * 8);
        return rounded < 0.9 * value ? rounded + 8 : rounded;
    }

    /** MobileNetV3's squeeze-and-excitation width: a quarter of the expansion, rounded. */
    public static int squeezeChannels(int expansion) {
        return makeDivisible(expansion / 4);
    }
}
