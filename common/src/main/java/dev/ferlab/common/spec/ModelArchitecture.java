package dev.ferlab.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The networks a trainer can build. */
public enum ModelArchitecture implements NamedOption {
    /** A four-block CNN, small enough to train in seconds on a CPU: the demo's and the tests' model. */
    SMALL_CNN("small-cnn", "SmallCNN"),
    RESNET50("resnet50", "ResNet50"),
    VGG16("vgg16", "VGG16"),
    MOBILENET_V3_LARGE("mobilenetv3-large", "MobileNetV3Large");

    private final String id;
    private final String studyName;

    ModelArchitecture(String id, String studyName) {
        this.id = id;
        this.studyName = studyName;
    }

    /** How the study's Table 1 names the network. */
    public String studyName() {
        return studyName;
    }

    @Override
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static ModelArchitecture fromId(String id) {
        return NamedOption.byId(ModelArchitecture.class, id)
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + id + "'"));
    }
}
