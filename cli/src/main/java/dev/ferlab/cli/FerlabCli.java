package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line client: {@code submit} an experiment and {@code watch} it train, with a progress bar, until
 * it ends, then the results table; submit a {@code grid}, {@code export} its Table 1, {@code evaluate} a model on
 * another dataset; list and replay dead letters ({@code dlq}). Talks only to the gateway's REST API.
 */
public final class FerlabCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;

    FerlabCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(new FerlabCli(System.out).run(args));
        } catch (java.io.IOException e) {
            // Unreachable gateway and the like: the message says what to do, a stack trace would not.
            System.err.println("ferlab: " + e.getMessage());
            System.exit(1);
        }
    }

    int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            return usage();
        }
        Options options = Options.parse(args);
        GatewayClient gateway = new GatewayClient(options.value("gateway", "http://127.0.0.1:8080"),
                options.value("token", System.getenv("FERLAB_API_TOKEN")));
        return switch (args[0]) {
            case "submit" -> submit(gateway, options);
            case "bench-grid" -> new GridBenchmark(gateway, out).run(options.value("dataset", null),
                    options.value("model", "small-cnn"), Integer.parseInt(options.value("epochs", "6")),
                    Integer.parseInt(options.value("max-batches", "0")), Integer.parseInt(options.value("count", "4")));
            case "watch" -> options.positional().isEmpty() ? usage()
                    : new Watcher(gateway, out).watch(options.positional().get(0));
            case "grid" -> !options.positional().isEmpty() && options.positional().get(0).equals("complete")
                    ? (options.positional().size() != 2 ? usage()
                            : new GridCommands(gateway, out).complete(options.positional().get(1), options))
                    : new GridCommands(gateway, out).submit(options);
            case "status" -> new StatusCommands(gateway, out).status(
                    options.positional().isEmpty() ? null : options.positional().get(0), options.flag("watch"));
            case "results" -> options.positional().isEmpty() ? usage()
                    : new StatusCommands(gateway, out).results(options.positional().get(0));
            case "export" -> options.positional().isEmpty() ? usage()
                    : new GridCommands(gateway, out).export(options.positional().get(0), options);
            case "evaluate" -> options.positional().isEmpty() ? usage()
                    : new GridCommands(gateway, out).evaluate(options.positional().get(0), options);
            case "compare" -> options.positional().size() != 2 ? usage()
                    : new CompareCommand(gateway, out).compare(options.positional().get(0), options.positional().get(1));
            case "dlq" -> new DeadLetterCommands(gateway, out).run(options);
            case "weights" -> new WeightsCommands(gateway, out).run(options);
            case "dataset" -> new DatasetCommands(gateway, out).run(options);
            default -> usage();
        };
    }

    private int submit(GatewayClient gateway, Options o) throws Exception {
        if (o.flag("help")) {
            return usage();
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("dataset", o.value("dataset", null));
        body.put("model", o.value("model", null));
        putIfSet(body, "transferMode", o.value("transfer-mode", null), false);
        putIfSet(body, "epochs", o.value("epochs", null), true);
        putIfSet(body, "batchSize", o.value("batch-size", null), true);
        putIfSet(body, "learningRate", o.value("learning-rate", null), true);
        putIfSet(body, "seed", o.value("seed", null), true);
        putIfSet(body, "maxBatchesPerEpoch", o.value("max-batches", null), true);
        putIfSet(body, "earlyStoppingPatience", o.value("early-stopping", null), true);
        ObjectNode pre = JSON.createObjectNode();
        putIfSet(pre, "imageSize", o.value("image-size", null), true);
        putIfSet(pre, "balancing", o.value("balancing", null), false);
        putIfSet(pre, "groupBy", o.value("group-by", null), false);
        if (o.flag("balance-before-split")) {
            pre.put("balanceBeforeSplit", true);
        }
        if (o.flag("clahe")) {
            pre.put("clahe", true);
        }
        if (!pre.isEmpty()) {
            body.set("preprocessing", pre);
        }
        GatewayClient.Answer answer = gateway.post("/api/experiments", JSON.writeValueAsString(body));
        if (answer.status() != 202) {
            out.println("submission refused (HTTP " + answer.status() + "): " + describeError(answer.body()));
            return 1;
        }
        String id = answer.body().path("id").asText();
        out.println("experiment " + id + " accepted");
        return o.flag("watch") ? new Watcher(gateway, out).watch(id) : 0;
    }

    static String describeError(JsonNode body) {
        StringBuilder s = new StringBuilder(body.path("error").asText(body.toString()));
        for (JsonNode f : body.path("fields")) {
            s.append(System.lineSeparator()).append("  ").append(f.path("field").asText()).append(": ")
                    .append(f.path("message").asText());
        }
        return s.toString();
    }

    static void putIfSet(ObjectNode node, String field, String value, boolean numeric) {
        if (value == null) {
            return;
        }
        if (numeric) {
            try {
                node.put(field, value.contains(".") || value.contains("e") ? Double.parseDouble(value)
                        : Long.parseLong(value));
                return;
            } catch (NumberFormatException notANumber) {
                // Sent as text: the gateway's validation names the field.
            }
        }
        node.put(field, value);
    }

    private int usage() {
        out.println("""
                usage:
                  ferlab submit --dataset PATH|dataset:ID|builtin:synthetic-faces
                                --model small-cnn|resnet50|vgg16|mobilenetv3-large
                                [--transfer-mode none|partial|full] [--epochs N] [--batch-size N]
                                [--learning-rate X] [--seed N] [--early-stopping PATIENCE]
                                [--image-size N] [--clahe] [--balancing none|undersample|smote] [--max-batches N]
                                [--group-by ck-subject|REGEX] [--balance-before-split] [--watch] [--gateway URL]
                  ferlab watch ID [--gateway URL]
                  ferlab status [EXPERIMENT_OR_GRID_ID] [--watch] [--gateway URL]
                  ferlab results EXPERIMENT_OR_GRID_ID [--gateway URL]
                  ferlab grid --dataset D [--preset paper|fer2013-reduced] [--models resnet50,vgg16,...]
                              [--transfer-modes none,partial,full] [--preprocessing raw,undersampled,clahe+smote]
                              [--seeds 1,2] [--epochs N] [--batch-size N] [--learning-rate X] [--max-batches N]
                              [--folds K] [--name NAME] [--idempotency-key KEY] [--skip-missing-weights]
                              [--gateway URL]
                  ferlab grid complete GRID_ID [--seeds 4,5] [--models ...] [any grid option]   its missing, failed
                              and cancelled cells, and those the options add (left-out options: the grid's own)
                  ferlab export GRID_ID [--format csv|markdown|latex] [--out FILE] [--gateway URL]
                  ferlab evaluate EXPERIMENT_ID --dataset dataset:ID|PATH [--split all|train|validation|test]
                              [--watch] [--gateway URL]
                  ferlab compare EXPERIMENT_A EXPERIMENT_B [--gateway URL]   two completed runs on the same test
                                                   images: McNemar's exact test, the accuracy difference's interval
                  ferlab dlq [--all] [--gateway URL]                 the messages consumers gave up on (--all: with
                                                                     those replayed already)
                  ferlab dlq replay ID... | --all [--gateway URL]    send them to their topic again, each once
                  ferlab weights list [--gateway URL]                pretrained weights stored per model
                  ferlab weights import MODEL FILE.safetensors       torchvision's weights for partial and full
                  ferlab dataset list [--gateway URL]                the registered datasets
                  ferlab dataset import PATH [--upload] [--name N] [--map folder:label,...] [--skip-invalid]
                              [--usage-splits]     a folder of class folders, a .zip of one or a FER2013 .csv, with
                                                   a progress bar; --upload sends the file, else the gateway reads PATH
                every command takes --token T (default: $FERLAB_API_TOKEN) for the requests that change state""");
        return 2;
    }

    /** {@code --name value} pairs, {@code --flag}s and positional arguments after the command. */
    record Options(Map<String, String> values, List<String> positional) {
        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    String name = args[i].substring(2);
                    boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                    values.put(name, hasValue ? args[++i] : "true");
                } else {
                    positional.add(args[i]);
                }
            }
            return new Options(values, positional);
        }

        String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        boolean flag(String name) {
            return "true".equals(values.get(name));
        }
    }
}
