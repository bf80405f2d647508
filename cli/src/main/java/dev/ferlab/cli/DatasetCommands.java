package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code dataset import PATH}: registers a folder of class folders, a zip of one or a FER2013 CSV as an import job
 * of the gateway, with a progress bar while the job checks it ({@code --upload} sends the file first; otherwise
 * the gateway reads PATH itself);
 * {@code dataset list}.
 */
final class DatasetCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int BAR = 30;
    private final GatewayClient gateway;
    private final PrintStream out;

    DatasetCommands(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int run(FerlabCli.Options o) throws Exception {
        String action = o.positional().isEmpty() ? "list" : o.positional().get(0);
        if (action.equals("list")) {
            return list();
        }
        if (action.equals("import") && o.positional().size() == 2) {
            return importDataset(Path.of(o.positional().get(1)), o);
        }
        out.println("usage: ferlab dataset list | ferlab dataset import PATH [--upload] [--name N] "
                + "[--map folder:label,...] [--skip-invalid] [--usage-splits]");
        return 2;
    }

    private int list() throws Exception {
        GatewayClient.Answer answer = gateway.get("/api/datasets");
        if (answer.status() != 200) {
            out.println("cannot list datasets (HTTP " + answer.status() + "): "
                    + FerlabCli.describeError(answer.body()));
            return 1;
        }
        for (JsonNode d : answer.body()) {
            out.printf("%-40s %-24s %,8d images, %d classes%n", d.path("reference").asText(), d.path("name").asText(),
                    d.path("images").asInt(), d.path("classCounts").size());
        }
        return 0;
    }

    private int importDataset(Path path, FerlabCli.Options o) throws Exception {
        String importId = "cli-" + UUID.randomUUID();
        String name = o.value("name", path.getFileName() == null ? path.toString() : path.getFileName().toString());
        boolean upload = o.flag("upload");
        // --map glee:happiness,joy:happiness, read once for either way of importing.
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String m : o.value("map", "").split(",")) {
            int colon = m.indexOf(':');
            if (colon > 0) {
                mapping.put(m.substring(0, colon).trim(), m.substring(colon + 1).trim());
            } else if (!m.isBlank()) {
                out.println("--map entry '" + m.trim() + "' is not folder:label, e.g. --map glee:happiness");
                return 2;
            }
        }
        GatewayClient.Answer started;
        if (upload) {
            if (!Files.isRegularFile(path)) {
                out.println("--upload sends a file (a .zip or a .csv); no file at " + path.toAbsolutePath());
                return 2;
            }
            String format = path.toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "zip";
            StringBuilder query = new StringBuilder("?name=" + enc(name) + "&format=" + format + "&importId="
                    + importId + "&skipInvalid=" + o.flag("skip-invalid") + "&usageSplits=" + o.flag("usage-splits"));
            mapping.forEach((folder, label) -> query.append("&map=").append(enc(folder + ":" + label)));
            out.printf("uploading %s (%.1f MB)%n", path, Files.size(path) / 1e6);
            started = gateway.startUpload("/api/datasets/upload" + query, path,
                    format.equals("csv") ? "text/csv" : "application/zip", UPLOAD_TIMEOUT);
        } else {
            ObjectNode body = JSON.createObjectNode().put("path", path.toAbsolutePath().normalize().toString())
                    .put("name", name).put("importId", importId).put("skipInvalid", o.flag("skip-invalid"))
                    .put("usageSplits", o.flag("usage-splits"));
            ObjectNode labelMapping = body.putObject("labelMapping");
            mapping.forEach(labelMapping::put);
            started = gateway.startJob("/api/datasets", JSON.writeValueAsString(body));
        }
        if (started.status() != 202) {
            out.println("import refused (HTTP " + started.status() + "): " + FerlabCli.describeError(started.body()));
            return 1;
        }
        JsonNode end = follow(importId);
        if (!"DONE".equals(end.path("status").asText())) {
            out.println("import refused (HTTP " + end.path("httpStatus").asInt() + "): "
                    + FerlabCli.describeError(end));
            return 1;
        }
        GatewayClient.Answer dataset = gateway.get("/api/datasets/" + end.path("datasetId").asText());
        if (dataset.status() != 200) {
            out.println("imported " + end.path("datasetId").asText() + ", but it cannot be read back (HTTP "
                    + dataset.status() + "): " + FerlabCli.describeError(dataset.body()));
            return 1;
        }
        JsonNode d = dataset.body();
        out.printf("%s %s: %,d images in %d classes %s%n",
                end.path("existing").asBoolean() ? "already registered," : "imported", d.path("reference").asText(),
                d.path("images").asInt(), d.path("classCounts").size(), d.path("classCounts"));
        if (d.path("skipped").size() > 0) {
            out.printf("%d file(s) or row(s) left out (skipInvalid), the first: %s%n", d.path("skipped").size(),
                    d.path("skipped").get(0));
        }
        return 0;
    }

    /** Polls the import job, drawing its progress, until it has ended; its last state. */
    private JsonNode follow(String importId) throws Exception {
        String last = "";
        long deadline = System.nanoTime() + IMPORT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            GatewayClient.Answer p = gateway.get("/api/datasets/imports/" + importId);
            if (p.status() != 200) {
                throw new IllegalStateException("import " + importId + " cannot be followed (HTTP " + p.status()
                        + "): " + FerlabCli.describeError(p.body()));
            }
            if (!"RUNNING".equals(p.body().path("status").asText())) {
                if (!last.isEmpty()) {
                    out.println();
                }
                return p.body();
            }
            String line = bar(p.body().path("done").asInt(), p.body().path("total").asInt());
            if (!line.equals(last)) {
                out.print("\r" + line);
                out.flush();
                last = line;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("import " + importId + " still running after " + IMPORT_TIMEOUT.toMinutes()
                + " minutes; follow it at /api/datasets/imports/" + importId);
    }

    /** {@code [#########.....]  14,200 / 28,709 files checked}; a CSV's row count is not known ahead. */
    static String bar(int done, int total) {
        if (total <= 0) {
            return String.format("%,d rows checked", done);
        }
        int filled = (int) Math.round(BAR * Math.min(1.0, (double) done / total));
        return String.format("[%s%s] %,d / %,d files checked", "#".repeat(filled), ".".repeat(BAR - filled), done,
                total);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
