package dev.ferlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.ferlab.common.models.Layouts;
import dev.ferlab.common.models.Layouts.Bneck;
import java.util.List;

/**
 * MobileNetV3-Large as published (Howard et al., "Searching for MobileNetV3", 2019, Table 1): a 3x3 stem of 16
 * filters, fifteen inverted-residual blocks (expand 1x1, depthwise kxk, optional squeeze-and-excitation, project
 * 1x1, residual when shape allows), a 1x1 conv to 960, global pooling, a 1280-wide hidden layer and the classifier.
 * Hard-swish and hard-sigmoid as in the paper; SE squeezes to a quarter of the expansion, rounded to a multiple of 8,
 * the same layout torchvision uses, so parameter counts compare one for one.
 */
final class MobileNetV3Large {
    private MobileNetV3Large() {
    }

    static SequentialBlock build(int classes) {
        SequentialBlock net = new SequentialBlock().add(convBnAct(Layouts.MOBILENET_STEM, 3, 2, 1, true));
        int in = Layouts.MOBILENET_STEM;
        for (Bneck b : Layouts.MOBILENET_V3_LARGE) {
            net.add(bneck(in, b));
            in = b.out();
        }
        return net.add(convBnAct(Layouts.MOBILENET_LAST_CONV, 1, 1, 1, true))
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(Layouts.MOBILENET_HIDDEN).build())
                .add(hardSwish())
                .add(Dropout.builder().optRate(0.2f).build())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static Block bneck(int in, Bneck b) {
        SequentialBlock body = new SequentialBlock();
        if (b.expansion() != in) {
            body.add(convBnAct(b.expansion(), 1, 1, 1, b.hardSwish()));
        }
        body.add(convBnAct(b.expansion(), b.kernel(), b.stride(), b.expansion(), b.hardSwish()));
        if (b.se()) {
            body.add(squeezeExcite(b.expansion()));
        }
        body.add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(b.out()).optBias(false).build())
                .add(batchNorm());
        if (b.stride() == 1 && in == b.out()) {
            return new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow()
                    .add(outputs.get(1).singletonOrThrow())), List.of(body, Blocks.identityBlock()));
        }
        return body;
    }

    /** Channel attention: pool to 1x1, squeeze, ReLU, excite, hard-sigmoid, scale the input. */
    private static Block squeezeExcite(int channels) {
        SequentialBlock gate = new SequentialBlock()
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().mean(new int[] {3}, true)
                        .mean(new int[] {2}, true))))
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(Layouts.squeezeChannels(channels))
                        .build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(channels).build())
                .add(new LambdaBlock(x -> new NDList(hardSigmoid(x.singletonOrThrow()))));
        return new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow()
                .mul(outputs.get(1).singletonOrThrow())), List.of(Blocks.identityBlock(), gate));
    }

    private static Block convBnAct(int filters, int kernel, int stride, int groups, boolean hardSwish) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                        .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(groups).setFilters(filters)
                        .optBias(false).build())
                .add(batchNorm())
                .add(hardSwish ? hardSwish() : Activation.reluBlock());
    }

    /**
     * The paper's epsilon (0.001). Its momentum (PyTorch's 0.01, DJL's 0.99) suits ImageNet-length runs; over the
     * few hundred batches of a CPU run the running statistics would stay near their initial values and evaluation
     * would see a different network, so DJL's default (0.9, PyTorch's 0.1) is kept, as for the other models.
     */
    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(1e-3f).build();
    }

    private static Block hardSwish() {
        return new LambdaBlock(x -> {
            NDArray a = x.singletonOrThrow();
            return new NDList(a.mul(hardSigmoid(a)));
        });
    }

    /** relu6(x + 3) / 6 */
    private static NDArray hardSigmoid(NDArray x) {
        return x.add(3).clip(0, 6).div(6);
    }
}
