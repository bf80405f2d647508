package dev.ferlab.gateway.weights.service;

import dev.ferlab.common.spec.ModelArchitecture;
import java.util.List;
import java.util.stream.Collectors;

/** Fine-tuning runs submitted for models without pretrained weights: refused at once rather than failed in training. */
public class MissingWeightsException extends RuntimeException {
    private final transient List<ModelArchitecture> models;

    public MissingWeightsException(List<ModelArchitecture> models) {
        super("transferMode partial and full start from pretrained weights, and none are stored for "
                + models.stream().map(ModelArchitecture::id).collect(Collectors.joining(", ")) + ": "
                + models.stream().map(m -> m.id() + ": " + PretrainedWeights.howToAdd(m))
                        .collect(Collectors.joining("; ")) + " (README, Pretrained weights)");
        this.models = List.copyOf(models);
    }

    public List<ModelArchitecture> models() {
        return models;
    }
}
