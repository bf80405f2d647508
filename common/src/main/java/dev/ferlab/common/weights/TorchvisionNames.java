package dev.ferlab.common.weights;

import dev.ferlab.common.models.Layouts;
import dev.ferlab.common.models.Layouts.Bneck;
import dev.ferlab.common.spec.ModelArchitecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The name table of each study network: every tensor of torchvision's {@code state_dict} (its name and shape) beside
 * the ferlab (DJL) parameter it fills. The tables are built from {@link Layouts}, the numbers the networks are built
 * from, walking them the way torchvision names its modules and DJL names its blocks; tests pin them against
 * torchvision's published key lists and against the built networks' parameters.
 *
 * <p>Not in the tables: {@code num_batches_tracked}, a counter torchvision keeps beside each BatchNorm, which
 * ferlab neither needs nor stores.
 */
public final class TorchvisionNames {
    /** One tensor: torchvision's name, ferlab's parameter, the shape both have. */
    public record Entry(String torchvision, String ferlab, long[] shape, boolean classifier) {
        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** The suffix of the counters torchvision stores beside each BatchNorm and ferlab ignores. */
    public static final String BATCHES_TRACKED = "num_batches_tracked";

    private TorchvisionNames() {
    }

    /** The table for {@code classes} outputs; empty for a network with no published weights (the small CNN). */
    public static Optional<List<Entry>> of(ModelArchitecture architecture, int classes) {
        return switch (architecture) {
            case RESNET50 -> Optional.of(resnet50(classes));
            case VGG16 -> Optional.of(vgg16(classes));
            case MOBILENET_V3_LARGE -> Optional.of(mobileNetV3Large(classes));
            case SMALL_CNN -> Optional.empty();
        };
    }

    /** Whether torchvision publishes weights for the network (the small CNN is ferlab's own). */
    public static boolean published(ModelArchitecture architecture) {
        return of(architecture, 2).isPresent();
    }

    /** The classifier's weight: its first dimension is the number of classes the weights were trained for. */
    public static Entry classifierWeight(List<Entry> table) {
        return table.stream().filter(e -> e.classifier() && e.shape().length == 2).findFirst().orElseThrow();
    }

    /** DJL numbers a block's children from 01 and names each after its class. */
    private static String child(int index, String type) {
        return String.format("%02d%s_", index, type);
    }

    private static final class Table {
        private final List<Entry> entries = new ArrayList<>();

        Table add(String torchvision, String ferlab, long... shape) {
            entries.add(new Entry(torchvision, ferlab, shape, false));
            return this;
        }

        Table classifier(String torchvision, String ferlab, int classes, int inputs) {
            entries.add(new Entry(torchvision + ".weight", ferlab + "weight", new long[] {classes, inputs}, true));
            entries.add(new Entry(torchvision + ".bias", ferlab + "bias", new long[] {classes}, true));
            return this;
        }

        Table linear(String torchvision, String ferlab, int units, int inputs) {
            return add(torchvision + ".weight", ferlab + "weight", units, inputs).add(torchvision + ".bias",
                    ferlab + "bias", units);
        }

        Table conv(String torchvision, String ferlab, int out, int in, int kernel, boolean bias) {
            add(torchvision + ".weight", ferlab + "weight", out, in, kernel, kernel);
            return bias ? add(torchvision + ".bias", ferlab + "bias", out) : this;
        }

        /** torchvision's weight, bias, running mean and variance are DJL's gamma, beta, runningMean, runningVar. */
        Table batchNorm(String torchvision, String ferlab, int channels) {
            return add(torchvision + ".weight", ferlab + "gamma", channels)
                    .add(torchvision + ".bias", ferlab + "beta", channels)
                    .add(torchvision + ".running_mean", ferlab + "runningMean", channels)
                    .add(torchvision + ".running_var", ferlab + "runningVar", channels);
        }

        List<Entry> build() {
            return List.copyOf(entries);
        }
    }

    /**
     * torchvision: conv1, bn1, layer1..4 of bottlenecks (conv1..3, bn1..3, downsample.0/1), fc. ferlab: the stem's
     * conv and BatchNorm (children 1, 2; then ReLU, max pool), one child per bottleneck from 5 (a ParallelBlock of the
     * body and the shortcut, then ReLU), global pooling, the classifier.
     */
    private static List<Entry> resnet50(int classes) {
        Table t = new Table().conv("conv1", "01Conv2d_", Layouts.RESNET50_STEM, 3, 7, false)
                .batchNorm("bn1", "02BatchNorm_", Layouts.RESNET50_STEM);
        int in = Layouts.RESNET50_STEM;
        int child = 5;
        for (int stage = 0; stage < Layouts.RESNET50_BLOCKS.size(); stage++) {
            int width = Layouts.RESNET50_WIDTHS.get(stage);
            int out = width * Layouts.RESNET50_EXPANSION;
            for (int b = 0; b < Layouts.RESNET50_BLOCKS.get(stage); b++) {
                String tv = "layer" + (stage + 1) + "." + b + ".";
                String body = child(child, "SequentialBlock") + "01ParallelBlock_01SequentialBlock_";
                t.conv(tv + "conv1", body + "01Conv2d_", width, in, 1, false)
                        .batchNorm(tv + "bn1", body + "02BatchNorm_", width)
                        .conv(tv + "conv2", body + "04Conv2d_", width, width, 3, false)
                        .batchNorm(tv + "bn2", body + "05BatchNorm_", width)
                        .conv(tv + "conv3", body + "07Conv2d_", out, width, 1, false)
                        .batchNorm(tv + "bn3", body + "08BatchNorm_", out);
                if (b == 0) {
                    // The first bottleneck of each stage changes width (and from stage 2 on, size): a projection.
                    String shortcut = child(child, "SequentialBlock") + "01ParallelBlock_02SequentialBlock_";
                    t.conv(tv + "downsample.0", shortcut + "01Conv2d_", out, in, 1, false)
                            .batchNorm(tv + "downsample.1", shortcut + "02BatchNorm_", out);
                }
                in = out;
                child++;
            }
        }
        // child: global pooling; then the classifier.
        return t.classifier("fc", child(child + 1, "Linear"), classes, in).build();
    }

    /**
     * torchvision: features.N for each convolution (N counts convolutions, ReLUs and pools alike), classifier.0, .3
     * and .6. ferlab's children follow the same sequence from 01, then adaptive pooling, flattening and the three
     * fully connected layers with their ReLUs and dropouts.
     */
    private static List<Entry> vgg16(int classes) {
        Table t = new Table();
        int index = 0;
        int in = 3;
        for (List<Integer> block : Layouts.VGG16_BLOCKS) {
            for (int filters : block) {
                t.conv("features." + index, child(index + 1, "Conv2d"), filters, in, 3, true);
                in = filters;
                index += 2;
            }
            index++;
        }
        int flat = in * Layouts.VGG16_POOLED * Layouts.VGG16_POOLED;
        int linear = index + 3;
        return t.linear("classifier.0", child(linear, "Linear"), Layouts.VGG16_HIDDEN, flat)
                .linear("classifier.3", child(linear + 3, "Linear"), Layouts.VGG16_HIDDEN, Layouts.VGG16_HIDDEN)
                .classifier("classifier.6", child(linear + 6, "Linear"), classes, Layouts.VGG16_HIDDEN).build();
    }

    /**
     * torchvision: features.0 (stem conv, BN), features.1..15 (inverted residuals, each a {@code block} of
     * conv-BN-activation units and the squeeze-excite's fc1 and fc2), features.16 (1x1 conv to 960, BN),
     * classifier.0 and .3. ferlab: a child per stage likewise, a residual block wrapped in a ParallelBlock, the
     * projection's conv and BatchNorm as two children, then pooling, the hidden layer and the classifier.
     */
    private static List<Entry> mobileNetV3Large(int classes) {
        Table t = new Table().conv("features.0.0", "01SequentialBlock_01Conv2d_", Layouts.MOBILENET_STEM, 3, 3, false)
                .batchNorm("features.0.1", "01SequentialBlock_02BatchNorm_", Layouts.MOBILENET_STEM);
        int in = Layouts.MOBILENET_STEM;
        int feature = 1;
        for (Bneck b : Layouts.MOBILENET_V3_LARGE) {
            boolean residual = b.stride() == 1 && in == b.out();
            String body = residual ? child(feature + 1, "ParallelBlock") + "01SequentialBlock_"
                    : child(feature + 1, "SequentialBlock");
            String tv = "features." + feature + ".block.";
            int unit = 0;
            int part = 1;
            if (b.expansion() != in) {
                String p = body + child(part++, "SequentialBlock");
                t.conv(tv + unit + ".0", p + "01Conv2d_", b.expansion(), in, 1, false)
                        .batchNorm(tv + unit++ + ".1", p + "02BatchNorm_", b.expansion());
            }
            String depthwise = body + child(part++, "SequentialBlock");
            t.conv(tv + unit + ".0", depthwise + "01Conv2d_", b.expansion(), 1, b.kernel(), false)
                    .batchNorm(tv + unit++ + ".1", depthwise + "02BatchNorm_", b.expansion());
            if (b.se()) {
                int squeeze = Layouts.squeezeChannels(b.expansion());
                String gate = body + child(part++, "ParallelBlock") + "02SequentialBlock_";
                t.conv(tv + unit + ".fc1", gate + "02Conv2d_", squeeze, b.expansion(), 1, true)
                        .conv(tv + unit++ + ".fc2", gate + "04Conv2d_", b.expansion(), squeeze, 1, true);
            }
            t.conv(tv + unit + ".0", body + child(part++, "Conv2d"), b.out(), b.expansion(), 1, false)
                    .batchNorm(tv + unit + ".1", body + child(part, "BatchNorm"), b.out());
            in = b.out();
            feature++;
        }
        String last = child(feature + 1, "SequentialBlock");
        t.conv("features." + feature + ".0", last + "01Conv2d_", Layouts.MOBILENET_LAST_CONV, in, 1, false)
                .batchNorm("features." + feature + ".1", last + "02BatchNorm_", Layouts.MOBILENET_LAST_CONV);
        // then global pooling (child feature + 2), the hidden layer, hard-swish, dropout, the classifier.
        return t.linear("classifier.0", child(feature + 3, "Linear"), Layouts.MOBILENET_HIDDEN,
                        Layouts.MOBILENET_LAST_CONV)
                .classifier("classifier.3", child(feature + 6, "Linear"), classes, Layouts.MOBILENET_HIDDEN).build();
    }
}
