package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ferlab grid}, {@code ferlab export} and {@code ferlab evaluate}: thin calls of the gateway's API. */
final class GridCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EVALUATION_DEADLINE_SECONDS = 3600;

    private final GatewayClient gateway;
    private final PrintStream out;

    GridCommands(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int submit(FerlabCli.Options o) throws Exception {
        ObjectNode body = body(o);
        GatewayClient.Answer a = gateway.post("/api/grids", JSON.writeValueAsString(body),
                o.value("idempotency-key", null));
        if (a.status() != 202 && a.status() != 200) {
            out.println("grid refused (HTTP " + a.status() + "): " + FerlabCli.describeError(a.body()));
            return 1;
        }
        out.printf("grid %s (%s): %d experiments %s%n", a.body().path("id").asText(), a.body().path("name").asText(),
                a.body().path("size").asInt(), a.status() == 200 ? "(submitted before with this key)" : "queued");
        out.println("export it when done: ferlab export " + a.body().path("id").asText() + " --format markdown");
        return 0;
    }

    /** {@code ferlab grid complete ID [options]}: the grid's missing, failed and cancelled cells, and any added. */
    int complete(String gridId, FerlabCli.Options o) throws Exception {
        GatewayClient.Answer a = gateway.post("/api/grids/" + encode(gridId) + "/complete",
                JSON.writeValueAsString(body(o)));
        if (a.status() != 202) {
            out.println("completion refused (HTTP " + a.status() + "): " + FerlabCli.describeError(a.body()));
            return 1;
        }
        out.printf("grid %s: %d cells added, %d failed or cancelled cells queued again, %d kept%n", gridId,
                a.body().path("added").asInt(), a.body().path("retried").asInt(), a.body().path("kept").asInt());
        return 0;
    }

    /** A grid body from the options; what is left out stays out (the gateway's defaults, or a completed grid's). */
    private static ObjectNode body(FerlabCli.Options o) {
        ObjectNode body = JSON.createObjectNode();
        FerlabCli.putIfSet(body, "dataset", o.value("dataset", null), false);
        FerlabCli.putIfSet(body, "name", o.value("name", null), false);
        FerlabCli.putIfSet(body, "preset", o.value("preset", null), false);
        list(body, "models", o.value("models", null), false);
        list(body, "transferModes", o.value("transfer-modes", null), false);
        list(body, "seeds", o.value("seeds", null), true);
        // Variants by name (raw, undersampled, clahe+smote, ...): the gateway knows them and names a wrong one.
        list(body, "preprocessing", o.value("preprocessing", null), false);
        FerlabCli.putIfSet(body, "epochs", o.value("epochs", null), true);
        FerlabCli.putIfSet(body, "batchSize", o.value("batch-size", null), true);
        FerlabCli.putIfSet(body, "learningRate", o.value("learning-rate", null), true);
        FerlabCli.putIfSet(body, "maxBatchesPerEpoch", o.value("max-batches", null), true);
        FerlabCli.putIfSet(body, "earlyStoppingPatience", o.value("early-stopping", null), true);
        FerlabCli.putIfSet(body, "folds", o.value("folds", null), true);
        if (o.flag("skip-missing-weights")) {
            body.put("skipMissingWeights", true);
        }
        return body;
    }

    int export(String gridId, FerlabCli.Options o) throws Exception {
        String format = o.value("format", "markdown");
        GatewayClient.Text t = gateway.getText("/api/grids/" + encode(gridId) + "/results?format=" + encode(format));
        if (t.status() != 200) {
            out.println("export refused (HTTP " + t.status() + "): " + t.body());
            return 1;
        }
        String file = o.value("out", null);
        if (file == null) {
            out.print(t.body());
        } else {
            Files.writeString(Path.of(file), t.body());
            out.println("wrote " + file);
        }
        return 0;
    }

    int evaluate(String experimentId, FerlabCli.Options o) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("dataset", o.value("dataset", null));
        FerlabCli.putIfSet(body, "split", o.value("split", null), false);
        String path = "/api/experiments/" + encode(experimentId) + "/evaluations";
        GatewayClient.Answer a = gateway.post(path, JSON.writeValueAsString(body));
        if (a.status() != 202) {
            out.println("evaluation refused (HTTP " + a.status() + "): " + FerlabCli.describeError(a.body()));
            return 1;
        }
        String requestId = a.body().path("id").asText();
        out.println("evaluation " + requestId + " requested");
        if (!o.flag("watch")) {
            return 0;
        }
        long end = System.nanoTime() + EVALUATION_DEADLINE_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (JsonNode r : gateway.get(path).body()) {
                if (!r.path("id").asText().equals(requestId) || r.path("status").asText().equals("REQUESTED")) {
                    continue;
                }
                if (r.path("status").asText().equals("FAILED")) {
                    out.println("evaluation failed in " + r.path("failureStage").asText() + ": "
                            + r.path("failureReason").asText());
                    return 1;
                }
                JsonNode res = r.path("result");
                JsonNode cov = res.path("coverage");
                out.printf("accuracy %.4f, macro precision %.4f, recall %.4f, F1 %.4f over %d images%n",
                        res.path("accuracy").asDouble(), res.path("macroPrecision").asDouble(),
                        res.path("macroRecall").asDouble(), res.path("macroF1").asDouble(), res.path("size").asLong());
                out.printf("classes the model lacks: %s (%d of %d images, %.1f%%); classes the dataset lacks: %s%n",
                        cov.path("unknownToModel"), cov.path("unreachableImages").asLong(),
                        cov.path("targetImages").asLong(), 100 * cov.path("unreachableShare").asDouble(),
                        cov.path("absentFromTarget"));
                return 0;
            }
            Thread.sleep(500);
        }
        out.println("gave up waiting for evaluation " + requestId);
        return 1;
    }

    private static void list(ObjectNode body, String field, String csv, boolean numeric) {
        if (csv == null) {
            return;
        }
        ArrayNode a = body.putArray(field);
        for (String v : csv.split(",")) {
            String t = v.trim();
            if (numeric) {
                try {
                    a.add(Long.parseLong(t));
                    continue;
                } catch (NumberFormatException notANumber) {
                    // Sent as text: the gateway names the entry.
                }
            }
            a.add(t);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
