package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code weights import MODEL FILE}: torchvision's weights as a safetensors file, into the gateway; {@code weights list}. */
final class WeightsCommands {
    private final GatewayClient gateway;
    private final PrintStream out;

    WeightsCommands(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int run(FerlabCli.Options o) throws Exception {
        String action = o.positional().isEmpty() ? "list" : o.positional().get(0);
        if (action.equals("list")) {
            return list();
        }
        if (action.equals("import") && o.positional().size() == 3) {
            return importFile(o.positional().get(1), Path.of(o.positional().get(2)));
        }
        out.println("usage: ferlab weights list | ferlab weights import MODEL FILE.safetensors");
        return 2;
    }

    private int list() throws Exception {
        GatewayClient.Answer answer = gateway.get("/api/weights");
        if (answer.status() != 200) {
            out.println("cannot list weights (HTTP " + answer.status() + "): " + FerlabCli.describeError(answer.body()));
            return 1;
        }
        for (JsonNode w : answer.body()) {
            out.printf("%-18s %s%n", w.path("model").asText(), w.path("stored").asBoolean()
                    ? w.path("classes").asInt() + " classes, " + w.path("weights").asText()
                    : "none (" + w.path("howToAdd").asText() + ")");
        }
        return 0;
    }

    private int importFile(String model, Path file) throws Exception {
        if (!Files.isRegularFile(file)) {
            out.println("no file at " + file.toAbsolutePath());
            return 2;
        }
        out.printf("importing %s (%.1f MB) as the pretrained %s weights%n", file, Files.size(file) / 1e6, model);
        GatewayClient.Answer answer = gateway.putFile("/api/weights/" + URLEncoder.encode(model,
                StandardCharsets.UTF_8) + "?name=" + URLEncoder.encode(file.getFileName().toString(),
                StandardCharsets.UTF_8), file, Duration.ofMinutes(10));
        if (answer.status() != 201 && answer.status() != 200) {
            out.println("import refused (HTTP " + answer.status() + "): " + FerlabCli.describeError(answer.body()));
            return 1;
        }
        JsonNode w = answer.body();
        out.printf("%s %s: %d classes, %,d parameters, stored as %s%n", answer.status() == 201 ? "imported"
                : "already stored,", w.path("model").asText(), w.path("classes").asInt(),
                w.path("parameters").asLong(), w.path("weights").asText());
        return 0;
    }
}
