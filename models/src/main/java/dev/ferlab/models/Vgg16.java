package dev.ferlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.ferlab.common.models.Layouts;
import java.util.List;

/**
 * VGG-16 as published (Simonyan and Zisserman, 2015, configuration D): thirteen 3x3 convolutions in five blocks with
 * max pooling, then 4096-4096-classes fully connected layers with dropout. The published classifier reads a 7x7x512
 * map; an adaptive average pool brings any input size (3x3 at 96x96) to it, as the distributed ImageNet weights'
 * implementation does, so those weights and this layout fit each other.
 */
final class Vgg16 {
    private Vgg16() {
    }

    static SequentialBlock build(int classes) {
        SequentialBlock net = new SequentialBlock();
        for (List<Integer> block : Layouts.VGG16_BLOCKS) {
            for (int filters : block) {
                net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(filters).build()).add(Activation.reluBlock());
            }
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return net.add(new LambdaBlock(x -> new NDList(adaptiveAvgPool(x.singletonOrThrow(), Layouts.VGG16_POOLED))))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(Layouts.VGG16_HIDDEN).build()).add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(Layouts.VGG16_HIDDEN).build()).add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(classes).build());
    }

    /** Average pooling to {@code size} x {@code size} bins, each bin [floor(i*n/size), ceil((i+1)*n/size)). */
    static NDArray adaptiveAvgPool(NDArray x, int size) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDManager manager = x.getManager();
        NDArray rows = manager.create(binMatrix(h, size), new Shape(size, h));
        NDArray cols = manager.create(binMatrix(w, size), new Shape(size, w));
        // (size x h) . x . (w x size): every output is the mean of its bin, for every batch item and channel.
        return rows.matMul(x).matMul(cols.transpose());
    }

    private static float[] binMatrix(long n, int size) {
        float[] m = new float[(int) (size * n)];
        for (int i = 0; i < size; i++) {
            long start = (long) Math.floor(i * n / (double) size);
            long end = (long) Math.ceil((i + 1) * n / (double) size);
            for (long j = start; j < end; j++) {
                m[(int) (i * n + j)] = 1f / (end - start);
            }
        }
        return m;
    }
}
