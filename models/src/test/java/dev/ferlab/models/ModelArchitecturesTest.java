package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.ferlab.common.spec.ModelArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Output shapes, and parameter counts against the published architectures, for the study's 8 classes. */
class ModelArchitecturesTest {
    private static final int CLASSES = 8;

    @BeforeAll
    static void offline() {
        Engines.preferOffline();
    }

    private static long parameters(Block block) {
        return TransferLearning.parameters(block);
    }

    private static Shape outputShape(ModelArchitecture architecture, NDManager manager, Block block) {
        int channels = ModelFactory.inputChannels(architecture);
        block.initialize(manager, DataType.FLOAT32, ModelFactory.inputShape(1, channels, 96));
        NDArray x = manager.randomUniform(0, 1, ModelFactory.inputShape(2, channels, 96));
        return block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().getShape();
    }

    @Test
    void mobileNetV3LargeMatchesThePublishedNetwork() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(ModelArchitecture.MOBILENET_V3_LARGE, CLASSES);
            assertEquals(new Shape(2, CLASSES), outputShape(ModelArchitecture.MOBILENET_V3_LARGE, manager, block));
            // torchvision's mobilenet_v3_large has 5,483,032 parameters for 1,000 classes; its last layer holds
            // 1280 x 1000 + 1000 of them, which for 8 classes is 1280 x 8 + 8.
            assertEquals(5_483_032L - (1280 * 1000 + 1000) + (1280 * CLASSES + CLASSES), parameters(block));
        }
    }

    @Test
    void resNet50MatchesThePublishedNetwork() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(ModelArchitecture.RESNET50, CLASSES);
            assertEquals(new Shape(2, CLASSES), outputShape(ModelArchitecture.RESNET50, manager, block));
            // torchvision's resnet50: 25,557,032 parameters for 1,000 classes, of which 2048 x 1000 + 1000 in fc.
            assertEquals(25_557_032L - (2048 * 1000 + 1000) + (2048 * CLASSES + CLASSES), parameters(block));
        }
    }

    @Test
    void vgg16MatchesThePublishedNetwork() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = ModelFactory.build(ModelArchitecture.VGG16, CLASSES);
            assertEquals(new Shape(2, CLASSES), outputShape(ModelArchitecture.VGG16, manager, block));
            // torchvision's vgg16: 138,357,544 parameters for 1,000 classes, of which 4096 x 1000 + 1000 last.
            assertEquals(138_357_544L - (4096 * 1000 + 1000) + (4096 * CLASSES + CLASSES), parameters(block));
        }
    }

    @Test
    void adaptivePoolingAveragesEachBin() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 3 -> 7 bins: bin i covers [floor(3i/7), ceil(3(i+1)/7)).
            NDArray x = manager.arange(9f).reshape(1, 1, 3, 3);
            NDArray y = Vgg16.adaptiveAvgPool(x, 7);
            assertEquals(new Shape(1, 1, 7, 7), y.getShape());
            assertEquals(0f, y.getFloat(0, 0, 0, 0), 1e-6);
            assertEquals((0 + 1 + 3 + 4) / 4f, y.getFloat(0, 0, 2, 2), 1e-6);
            assertEquals(8f, y.getFloat(0, 0, 6, 6), 1e-6);
            NDArray same = Vgg16.adaptiveAvgPool(manager.arange(49f).reshape(1, 1, 7, 7), 7);
            assertEquals(manager.arange(49f).reshape(1, 1, 7, 7), same);
        }
    }

    @Test
    void everyArchitectureAnswersOneScorePerClass() {
        for (ModelArchitecture architecture : ModelArchitecture.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Block block = ModelFactory.build(architecture, CLASSES);
                assertEquals(new Shape(2, CLASSES), outputShape(architecture, manager, block), architecture.id());
                System.out.printf("%s: %,d parameters%n", architecture.id(), parameters(block));
            }
        }
    }
}
