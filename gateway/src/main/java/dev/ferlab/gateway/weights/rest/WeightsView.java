package dev.ferlab.gateway.weights.rest;

import dev.ferlab.common.models.ModelDescriptor;
import dev.ferlab.common.models.Normalization;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.gateway.weights.service.PretrainedWeights;

/**
 * A model's pretrained weights as the API shows them: whether any are stored, and what they are.
 *
 * @param howToAdd how to store them, for a model that has none (the import command, for the study's networks)
 */
public record WeightsView(String model, boolean stored, Integer classes, String weights, Normalization normalization,
        String source, Long parameters, String howToAdd) {

    static WeightsView of(ModelArchitecture model, ModelDescriptor d, Long parameters) {
        return new WeightsView(model.id(), true, d.classes().size(), "models/pretrained/" + model.id() + "/"
                + d.weightsFile(), d.normalization(), d.source(), parameters, null);
    }

    static WeightsView missing(ModelArchitecture model) {
        return new WeightsView(model.id(), false, null, null, null, null, null, PretrainedWeights.howToAdd(model));
    }
}
