package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferlab evaluate ID --dataset D}: a completed experiment's model on another dataset. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a completed experiment's model on another dataset (cross-dataset).")
final class EvaluateCommand extends GatewayCommand {
    private static final long DEADLINE_SECONDS = 3600;
    @Parameters(paramLabel = "EXPERIMENT_ID")
    String experimentId;
    @Option(names = "--dataset", required = true, paramLabel = "D", description = "dataset:ID or a folder")
    String dataset;
    @Option(names = "--split", paramLabel = "S", description = "all (default), train, validation or test")
    String split;
    @Option(names = "--watch", description = "wait for the result and print it")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = FerlabCli.JSON.createObjectNode().put("dataset", dataset);
        FerlabCli.putIfSet(body, "split", split);
        String path = "/api/experiments/" + GatewayClient.encode(experimentId) + "/evaluations";
        GatewayClient gateway = gateway();
        String requestId = FerlabCli.expect(gateway.post(path, FerlabCli.JSON.writeValueAsString(body)),
                "evaluation refused", 202).body().path("id").asText();
        out().println("evaluation " + requestId + " requested");
        if (!watch) {
            return 0;
        }
        long end = System.nanoTime() + DEADLINE_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (JsonNode r : gateway.get(path).body()) {
                if (!r.path("id").asText().equals(requestId) || r.path("status").asText().equals("REQUESTED")) {
                    continue;
                }
                if (r.path("status").asText().equals("FAILED")) {
                    out().println("evaluation failed in " + r.path("failureStage").asText() + ": "
                            + r.path("failureReason").asText());
                    return FerlabCli.FAILED;
                }
                JsonNode res = r.path("result");
                JsonNode cov = res.path("coverage");
                out().printf("accuracy %.4f, macro precision %.4f, recall %.4f, F1 %.4f over %d images%n",
                        res.path("accuracy").asDouble(), res.path("macroPrecision").asDouble(),
                        res.path("macroRecall").asDouble(), res.path("macroF1").asDouble(), res.path("size").asLong());
                out().printf("classes the model lacks: %s (%d of %d images, %.1f%%); classes the dataset lacks: %s%n",
                        cov.path("unknownToModel"), cov.path("unreachableImages").asLong(),
                        cov.path("targetImages").asLong(), 100 * cov.path("unreachableShare").asDouble(),
                        cov.path("absentFromTarget"));
                return 0;
            }
            Thread.sleep(500);
        }
        out().println("gave up waiting for evaluation " + requestId);
        return FerlabCli.FAILED;
    }
}
