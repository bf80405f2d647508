package dev.ferlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A grid submission's fields; what is left out stays out (the gateway's defaults, or a completed grid's own). */
final class GridOptions {
    @Option(names = "--dataset", paramLabel = "D", description = "dataset:ID, a folder, or builtin:synthetic-faces")
    String dataset;
    @Option(names = "--name", paramLabel = "NAME")
    String name;
    @Option(names = "--preset", paramLabel = "P", description = "paper (the study's 27 runs) or fer2013-reduced")
    String preset;
    @Option(names = "--models", split = ",", paramLabel = "M", description = "resnet50,vgg16,...")
    List<String> models;
    @Option(names = "--transfer-modes", split = ",", paramLabel = "MODE", description = "none,partial,full")
    List<String> transferModes;
    @Option(names = "--preprocessing", split = ",", paramLabel = "V",
            description = "variants by name: raw,undersampled,clahe+smote,...")
    List<String> preprocessing;
    @Option(names = "--seeds", split = ",", paramLabel = "N")
    List<Long> seeds;
    @Mixin
    TrainingOptions training;
    @Option(names = "--folds", paramLabel = "K", description = "k-fold cross-validation, 3 to 20")
    Integer folds;
    @Option(names = "--skip-missing-weights",
            description = "leave out the partial and full runs of models without pretrained weights")
    boolean skipMissingWeights;

    ObjectNode body() {
        ObjectNode body = FerlabCli.JSON.createObjectNode();
        FerlabCli.putIfSet(body, "dataset", dataset);
        FerlabCli.putIfSet(body, "name", name);
        FerlabCli.putIfSet(body, "preset", preset);
        list(body, "models", models);
        list(body, "transferModes", transferModes);
        list(body, "preprocessing", preprocessing);
        if (seeds != null) {
            ArrayNode a = body.putArray("seeds");
            seeds.forEach(a::add);
        }
        training.putInto(body);
        FerlabCli.putIfSet(body, "folds", folds);
        if (skipMissingWeights) {
            body.put("skipMissingWeights", true);
        }
        return body;
    }

    private static void list(ObjectNode body, String field, List<String> values) {
        if (values != null) {
            ArrayNode a = body.putArray(field);
            values.stream().map(String::trim).forEach(a::add);
        }
    }
}
