package dev.ferlab.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.ferlab.common.spec.ModelArchitecture;

/** Builds the network of an architecture for a number of classes; trainer and evaluator share it. */
public final class ModelFactory {
    private ModelFactory() {
    }

    /** The input's channels ({@link #inputChannels}) and size are taken at initialisation, not here. */
    public static Block build(ModelArchitecture architecture, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, the dataset has " + classes);
        }
        return switch (architecture) {
            case SMALL_CNN -> SmallCnn.build(classes);
            case RESNET50 -> ResNet50.build(classes);
            case VGG16 -> Vgg16.build(classes);
            case MOBILENET_V3_LARGE -> MobileNetV3Large.build(classes);
        };
    }

    /**
     * Channels a network takes. The study's networks take three, as their ImageNet weights expect: a grayscale
     * image feeds them as the same channel three times ({@link ImageSetDataset} repeats it), which is what
     * converting gray to RGB does. The small CNN takes the single gray channel.
     */
    public static int inputChannels(ModelArchitecture architecture) {
        return architecture == ModelArchitecture.SMALL_CNN ? 1 : 3;
    }

    /** The shape {@code Trainer.initialize} and {@code Block.initialize} expect for one batch. */
    public static Shape inputShape(int batch, int channels, int imageSize) {
        return new Shape(batch, channels, imageSize, imageSize);
    }
}
