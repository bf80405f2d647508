package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ferlab compare A B}: two completed experiments on the same test images (GET /api/comparisons). */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Two completed experiments on the same test images: their accuracies, the difference's 95%% "
                + "paired bootstrap interval and McNemar's exact test.")
final class CompareCommand extends GatewayCommand {
    @Parameters(index = "0", paramLabel = "EXPERIMENT_A")
    String a;
    @Parameters(index = "1", paramLabel = "EXPERIMENT_B")
    String b;
    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
        JsonNode c = FerlabCli.expect(gateway().get("/api/comparisons?a=" + GatewayClient.encode(a) + "&b="
                + GatewayClient.encode(b)), "comparison refused", 200).body();
        if (output.json()) {
            FerlabCli.printJson(out(), c);
            return 0;
        }
        JsonNode m = c.path("mcnemar");
        JsonNode d = c.path("accuracyDifference");
        out().printf(Locale.ROOT, "%s against %s on the same %,d test images%n", a, b, c.path("testImages").asInt());
        out().printf(Locale.ROOT, "  accuracy %.4f against %.4f: difference %+.4f, 95%% paired bootstrap interval"
                + " [%+.4f, %+.4f] (%,d resamples)%n", c.path("accuracyA").asDouble(), c.path("accuracyB").asDouble(),
                d.path("estimate").asDouble(), d.path("low").asDouble(), d.path("high").asDouble(),
                c.path("resamples").asInt());
        out().printf(Locale.ROOT, "  McNemar's exact test: only the first right on %d images, only the second on %d"
                + " (both right %d, both wrong %d): p = %.4g%n", m.path("onlyA").asLong(), m.path("onlyB").asLong(),
                m.path("bothRight").asLong(), m.path("bothWrong").asLong(), m.path("pValue").asDouble());
        return 0;
    }
}
