package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** {@code ferlab compare A B}: two completed experiments on the same test images (GET /api/comparisons). */
final class CompareCommand {
    private final GatewayClient gateway;
    private final PrintStream out;

    CompareCommand(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int compare(String a, String b) throws Exception {
        GatewayClient.Answer answer = gateway.get("/api/comparisons?a=" + URLEncoder.encode(a, StandardCharsets.UTF_8)
                + "&b=" + URLEncoder.encode(b, StandardCharsets.UTF_8));
        if (answer.status() != 200) {
            out.println("comparison refused (HTTP " + answer.status() + "): " + FerlabCli.describeError(answer.body()));
            return 1;
        }
        JsonNode c = answer.body();
        JsonNode m = c.path("mcnemar");
        JsonNode d = c.path("accuracyDifference");
        out.printf(Locale.ROOT, "%s against %s on the same %,d test images%n", a, b, c.path("testImages").asInt());
        out.printf(Locale.ROOT, "  accuracy %.4f against %.4f: difference %+.4f, 95%% paired bootstrap interval"
                + " [%+.4f, %+.4f] (%,d resamples)%n", c.path("accuracyA").asDouble(), c.path("accuracyB").asDouble(),
                d.path("estimate").asDouble(), d.path("low").asDouble(), d.path("high").asDouble(),
                c.path("resamples").asInt());
        out.printf(Locale.ROOT, "  McNemar's exact test: only the first right on %d images, only the second on %d"
                + " (both right %d, both wrong %d): p = %.4g%n", m.path("onlyA").asLong(), m.path("onlyB").asLong(),
                m.path("bothRight").asLong(), m.path("bothWrong").asLong(), m.path("pValue").asDouble());
        return 0;
    }
}
