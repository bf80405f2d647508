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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code dataset import PATH}: registers a folder of class folders, a zip of one or a FER2013 CSV, with a progress
 * bar while the gateway checks it ({@code --upload} sends the file; otherwise the gateway reads PATH itself);
 * {@code dataset list}.
 */
final class DatasetCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(30);
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
        CompletableFuture<GatewayClient.Answer> request;
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
            request = call(() -> gateway.postFile("/api/datasets/upload" + query, path,
                    format.equals("csv") ? "text/csv" : "application/zip", IMPORT_TIMEOUT));
        } else {
            ObjectNode body = JSON.createObjectNode().put("path", path.toAbsolutePath().normalize().toString())
                    .put("name", name).put("importId", importId).put("skipInvalid", o.flag("skip-invalid"))
                    .put("usageSplits", o.flag("usage-splits"));
            ObjectNode labelMapping = body.putObject("labelMapping");
            mapping.forEach(labelMapping::put);
            request = call(() -> gateway.postJson("/api/datasets", JSON.writeValueAsString(body), IMPORT_TIMEOUT));
        }
        GatewayClient.Answer answer = follow(request, importId);
        if (answer.status() != 201 && answer.status() != 200) {
            out.println("import refused (HTTP " + answer.status() + "): " + FerlabCli.describeError(answer.body()));
            return 1;
        }
        JsonNode d = answer.body();
        out.printf("%s %s: %,d images in %d classes %s%n", answer.status() == 201 ? "imported" : "already registered,",
                d.path("reference").asText(), d.path("images").asInt(), d.path("classCounts").size(),
                d.path("classCounts"));
        if (d.path("skipped").size() > 0) {
            out.printf("%d file(s) or row(s) left out (skipInvalid), the first: %s%n", d.path("skipped").size(),
                    d.path("skipped").get(0));
        }
        return 0;
    }

    /** Draws the import's progress from a second connection until the import answers. */
    private GatewayClient.Answer follow(CompletableFuture<GatewayClient.Answer> request, String importId)
            throws Exception {
        String last = "";
        while (true) {
            try {
                GatewayClient.Answer answer = request.get(500, TimeUnit.MILLISECONDS);
                if (!last.isEmpty()) {
                    out.println();
                }
                return answer;
            } catch (TimeoutException stillRunning) {
                GatewayClient.Answer p = gateway.get("/api/datasets/imports/" + importId);
                if (p.status() == 200 && "RUNNING".equals(p.body().path("status").asText())) {
                    String line = bar(p.body().path("done").asInt(), p.body().path("total").asInt());
                    if (!line.equals(last)) {
                        out.print("\r" + line);
                        out.flush();
                        last = line;
                    }
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
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

    private interface Call {
        GatewayClient.Answer run() throws Exception;
    }

    private static CompletableFuture<GatewayClient.Answer> call(Call call) {
        CompletableFuture<GatewayClient.Answer> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(call.run());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        }, "ferlab-import");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
