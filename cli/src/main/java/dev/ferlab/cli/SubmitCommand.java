package dev.ferlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferlab submit}: one experiment; {@code --watch} follows it to its end. */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Submits one experiment; with --watch, follows it with a progress line, then prints its "
                + "results. Left-out settings take the study's values.")
final class SubmitCommand extends GatewayCommand {
    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "dataset:ID, a folder the preprocessor can read, or builtin:synthetic-faces")
    String dataset;
    @Option(names = "--model", required = true, paramLabel = "M",
            description = "small-cnn, resnet50, vgg16 or mobilenetv3-large (GET /api/vocabulary)")
    String model;
    @Option(names = "--transfer-mode", paramLabel = "MODE", description = "none, partial or full")
    String transferMode;
    @Mixin
    TrainingOptions training;
    @Option(names = "--seed", paramLabel = "N")
    Long seed;
    @Option(names = "--image-size", paramLabel = "N")
    Integer imageSize;
    @Option(names = "--clahe", description = "contrast-limited adaptive histogram equalisation")
    boolean clahe;
    @Option(names = "--balancing", paramLabel = "B", description = "none, undersample or smote")
    String balancing;
    @Option(names = "--group-by", paramLabel = "ck-subject|REGEX",
            description = "split by subject: the regular expression's first group of each file name")
    String groupBy;
    @Option(names = "--balance-before-split", description = "the study's order (SMOTE before the split)")
    boolean balanceBeforeSplit;
    @Option(names = "--watch", description = "follow it until it ends, then print its results")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = FerlabCli.JSON.createObjectNode().put("dataset", dataset).put("model", model);
        FerlabCli.putIfSet(body, "transferMode", transferMode);
        training.putInto(body);
        FerlabCli.putIfSet(body, "seed", seed);
        ObjectNode pre = FerlabCli.JSON.createObjectNode();
        FerlabCli.putIfSet(pre, "imageSize", imageSize);
        FerlabCli.putIfSet(pre, "balancing", balancing);
        FerlabCli.putIfSet(pre, "groupBy", groupBy);
        if (balanceBeforeSplit) {
            pre.put("balanceBeforeSplit", true);
        }
        if (clahe) {
            pre.put("clahe", true);
        }
        if (!pre.isEmpty()) {
            body.set("preprocessing", pre);
        }
        GatewayClient gateway = gateway();
        String id = FerlabCli.expect(gateway.post("/api/experiments", FerlabCli.JSON.writeValueAsString(body)),
                "submission refused", 202).body().path("id").asText();
        out().println("experiment " + id + " accepted");
        return watch ? new Watcher(gateway, out()).watch(id) : 0;
    }
}
