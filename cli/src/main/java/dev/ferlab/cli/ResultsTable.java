package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** Prints an experiment's evaluation: summary metrics, the per-class table, and the confusion matrix. */
final class ResultsTable {
    private ResultsTable() {
    }

    static void print(JsonNode experiment, PrintStream out) {
        JsonNode r = experiment.path("result");
        JsonNode spec = experiment.path("spec");
        out.println();
        out.printf("Results of %s: %s on %s (%s split, %d images)%n", experiment.path("id").asText(),
                spec.path("model").asText(), spec.path("dataset").asText(), r.path("split").asText(),
                r.path("size").asLong());
        out.println();
        out.printf("  %-22s %8s%n", "metric", "value");
        row(out, "accuracy", r.path("accuracy"));
        row(out, "precision (macro)", r.path("macroPrecision"));
        row(out, "recall (macro)", r.path("macroRecall"));
        row(out, "F1 (macro)", r.path("macroF1"));
        row(out, "F1 (weighted)", r.path("weightedF1"));
        row(out, "majority-class baseline", r.path("majorityBaseline"));
        out.println();
        out.printf("  %-12s %9s %9s %9s %8s%n", "class", "precision", "recall", "F1", "support");
        for (JsonNode c : r.path("perClass")) {
            out.printf("  %-12s %9.3f %9.3f %9.3f %8d%n", c.path("label").asText(), c.path("precision").asDouble(),
                    c.path("recall").asDouble(), c.path("f1").asDouble(), c.path("support").asLong());
        }
        out.println();
        out.println("  confusion matrix (rows: true class, columns: predicted)");
        JsonNode classes = r.path("classes");
        StringBuilder header = new StringBuilder(String.format("  %-12s", ""));
        for (JsonNode c : classes) {
            header.append(String.format(" %5s", c.asText().substring(0, Math.min(5, c.asText().length()))));
        }
        out.println(header);
        int i = 0;
        for (JsonNode rowNode : r.path("confusionMatrix")) {
            StringBuilder line = new StringBuilder(String.format("  %-12s", classes.path(i++).asText()));
            for (JsonNode v : rowNode) {
                line.append(String.format(" %5d", v.asLong()));
            }
            out.println(line);
        }
    }

    private static void row(PrintStream out, String name, JsonNode value) {
        out.printf("  %-22s %8.3f%n", name, value.asDouble());
    }
}
