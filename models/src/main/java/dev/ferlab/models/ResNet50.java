package dev.ferlab.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.ferlab.common.models.Layouts;
import java.util.List;

/**
 * ResNet-50 as published (He et al., 2016) in the layout of the widely distributed ImageNet weights (torchvision's,
 * "v1.5": the stride sits on the 3x3 convolution of a bottleneck): a 7x7 stem, bottleneck stages of 3, 4, 6 and 3
 * blocks (widths 64 to 512, expansion 4), global average pooling and the classifier. Convolutions carry no bias,
 * BatchNorm follows each one.
 */
final class ResNet50 {
    private ResNet50() {
    }

    static SequentialBlock build(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(conv(Layouts.RESNET50_STEM, 7, 2))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int in = Layouts.RESNET50_STEM;
        for (int stage = 0; stage < Layouts.RESNET50_BLOCKS.size(); stage++) {
            int width = Layouts.RESNET50_WIDTHS.get(stage);
            for (int b = 0; b < Layouts.RESNET50_BLOCKS.get(stage); b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                net.add(bottleneck(in, width, stride));
                in = width * Layouts.RESNET50_EXPANSION;
            }
        }
        return net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(classes).build());
    }

    private static Block bottleneck(int in, int width, int stride) {
        int out = width * Layouts.RESNET50_EXPANSION;
        SequentialBlock body = new SequentialBlock()
                .add(conv(width, 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(width, 3, stride)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(out, 1, 1)).add(BatchNorm.builder().build());
        Block shortcut = stride == 1 && in == out ? Blocks.identityBlock()
                : new SequentialBlock().add(conv(out, 1, stride)).add(BatchNorm.builder().build());
        return new SequentialBlock()
                .add(new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow()
                        .add(outputs.get(1).singletonOrThrow())), List.of(body, shortcut)))
                .add(Activation.reluBlock());
    }

    private static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(false).build();
    }
}
