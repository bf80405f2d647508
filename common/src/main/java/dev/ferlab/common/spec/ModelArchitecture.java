package dev.ferlab.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The networks a trainer can build. */
public enum ModelArchitecture implements NamedOption {
    /** A four-block CNN, small enough to train in seconds on a CPU: the demo's and the tests' model. */
    SMALL_CNN("small-cnn"),
    RESNET50("resnet50"),
    VGG16("vgg16"),
    MOBILENET_V3_LARGE("mobilenetv3-large");

    private final String id;

    ModelArchitecture(String id) {
        this.id = id;
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
