package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferlab dataset import PATH}: registers a folder of class folders, a zip of one or a FER2013 CSV as an
 * import job of the gateway, with a progress bar while the job checks it ({@code --upload} sends the file first;
 * otherwise the gateway reads PATH itself); {@code ferlab dataset list}.
 */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Registered datasets.",
        subcommands = {DatasetCommand.ListDatasets.class, DatasetCommand.Import.class})
final class DatasetCommand extends GatewayCommand {
    @Mixin
    OutputOption output;

    /** Without a subcommand: the list. */
    @Override
    public Integer call() throws Exception {
        return ListDatasets.list(this, output);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The registered datasets.")
    static final class ListDatasets extends GatewayCommand {
        @Mixin
        OutputOption output;

        @Override
        public Integer call() throws Exception {
            return list(this, output);
        }

        static int list(GatewayCommand command, OutputOption output) throws Exception {
            return command.list(output, "/api/datasets", "cannot list datasets", d -> String.format(
                    "%-40s %-24s %,8d images, %d classes", d.path("reference").asText(), d.path("name").asText(),
                    d.path("images").asInt(), d.path("classCounts").size()));
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Registers a folder of class folders, a .zip of one or a FER2013 .csv, with a progress "
                    + "bar while the gateway checks its files.")
    static final class Import extends GatewayCommand {
        private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(30);
        private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);
        private static final Duration POLL = Duration.ofMillis(500);

        @Parameters(paramLabel = "PATH")
        Path path;
        @Option(names = "--upload", description = "send the file (a .zip or .csv); otherwise the gateway reads PATH")
        boolean upload;
        @Option(names = "--name", paramLabel = "N", description = "its name (default: the file's)")
        String name;
        @Option(names = "--map", split = ",", paramLabel = "FOLDER:LABEL",
                description = "class folders to labels, e.g. glee:happiness")
        List<String> map;
        @Option(names = "--skip-invalid", description = "leave out unreadable files instead of refusing")
        boolean skipInvalid;
        @Option(names = "--usage-splits", description = "a FER2013 CSV's Usage column as the splits")
        boolean usageSplits;

        @Override
        public Integer call() throws Exception {
            String importId = "cli-" + UUID.randomUUID();
            String named = name != null ? name : path.getFileName() == null ? path.toString()
                    : path.getFileName().toString();
            Map<String, String> mapping = new LinkedHashMap<>();
            for (String m : map == null ? List.<String>of() : map) {
                int colon = m.indexOf(':');
                if (colon <= 0) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "--map entry '" + m.trim() + "' is not FOLDER:LABEL, e.g. --map glee:happiness");
                }
                mapping.put(m.substring(0, colon).trim(), m.substring(colon + 1).trim());
            }
            GatewayClient gateway = gateway();
            if (upload) {
                if (!Files.isRegularFile(path)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "--upload sends a file (a .zip or a .csv); no file at " + path.toAbsolutePath());
                }
                String format = path.toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "zip";
                StringBuilder query = new StringBuilder("?name=" + GatewayClient.encode(named) + "&format=" + format
                        + "&importId=" + importId + "&skipInvalid=" + skipInvalid + "&usageSplits=" + usageSplits);
                mapping.forEach((folder, label) -> query.append("&map=").append(GatewayClient.encode(folder + ":"
                        + label)));
                out().printf("uploading %s (%.1f MB)%n", path, Files.size(path) / 1e6);
                FerlabCli.expect(gateway.startUpload("/api/datasets/upload" + query, path,
                        format.equals("csv") ? "text/csv" : "application/zip", UPLOAD_TIMEOUT), "import refused",
                        202);
            } else {
                ObjectNode body = FerlabCli.JSON.createObjectNode()
                        .put("path", path.toAbsolutePath().normalize().toString()).put("name", named)
                        .put("importId", importId).put("skipInvalid", skipInvalid).put("usageSplits", usageSplits);
                ObjectNode labelMapping = body.putObject("labelMapping");
                mapping.forEach(labelMapping::put);
                FerlabCli.expect(gateway.startJob("/api/datasets", FerlabCli.JSON.writeValueAsString(body)),
                        "import refused", 202);
            }
            JsonNode end = follow(gateway, importId);
            if (!"DONE".equals(end.path("status").asText())) {
                throw new FerlabCli.GatewayRefusal("import refused (HTTP " + end.path("httpStatus").asInt() + "): "
                        + FerlabCli.describeError(end), FerlabCli.exitCodeOf(end.path("httpStatus").asInt()));
            }
            JsonNode d = FerlabCli.expect(gateway.get("/api/datasets/" + end.path("datasetId").asText()),
                    "imported " + end.path("datasetId").asText() + ", but it cannot be read back", 200).body();
            out().printf("%s %s: %,d images in %d classes %s%n",
                    end.path("existing").asBoolean() ? "already registered," : "imported",
                    d.path("reference").asText(), d.path("images").asInt(), d.path("classCounts").size(),
                    d.path("classCounts"));
            if (d.path("skipped").size() > 0) {
                out().printf("%d file(s) or row(s) left out (skipInvalid), the first: %s%n", d.path("skipped").size(),
                        d.path("skipped").get(0));
            }
            return 0;
        }

        /** Polls the import job, its progress drawn by a progress bar, until it has ended; its last state. */
        private JsonNode follow(GatewayClient gateway, String importId) throws Exception {
            long deadline = System.nanoTime() + IMPORT_TIMEOUT.toNanos();
            // A CSV's row count is not known ahead: the bar then counts without a total.
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("checking").setInitialMax(-1)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" files", 1).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out(), 80)).build()) {
                while (System.nanoTime() < deadline) {
                    JsonNode p = FerlabCli.expect(gateway.get("/api/datasets/imports/" + importId),
                            "import " + importId + " cannot be followed", 200).body();
                    if (p.path("total").asInt() > 0) {
                        bar.maxHint(p.path("total").asInt());
                    }
                    bar.stepTo(p.path("done").asLong());
                    if (!"RUNNING".equals(p.path("status").asText())) {
                        return p;
                    }
                    Thread.sleep(POLL.toMillis());
                }
            }
            throw new IllegalStateException("import " + importId + " still running after "
                    + IMPORT_TIMEOUT.toMinutes() + " minutes; follow it at /api/datasets/imports/" + importId);
        }
    }
}
