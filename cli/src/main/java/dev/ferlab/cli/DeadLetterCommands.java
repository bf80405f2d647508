package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * {@code ferlab dlq}: the messages consumer groups gave up on, with the reason, and their replay (each record is
 * sent to its topic again once, however often a replay is asked for).
 */
final class DeadLetterCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VALUE_SHOWN = 120;
    private final GatewayClient gateway;
    private final PrintStream out;

    DeadLetterCommands(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int run(FerlabCli.Options o) throws Exception {
        boolean replay = !o.positional().isEmpty() && o.positional().get(0).equals("replay");
        return replay ? replay(o) : list(o.flag("all"));
    }

    private int list(boolean all) throws Exception {
        GatewayClient.Answer a = gateway.get("/api/dead-letters" + (all ? "?all=true" : ""));
        if (a.status() != 200) {
            out.println("cannot list dead letters (HTTP " + a.status() + "): " + FerlabCli.describeError(a.body()));
            return 1;
        }
        if (a.body().isEmpty()) {
            out.println(all ? "no dead letters" : "no dead letters waiting (--all shows those replayed)");
            return 0;
        }
        for (JsonNode d : a.body()) {
            String value = d.path("value").asText("");
            out.printf("%s%n  group %s gave up on a %s message keyed %s at %s%s%n  reason: %s%n  message: %s%n",
                    d.path("id").asText(), d.path("group").asText("?"), d.path("topic").asText("?"),
                    d.path("key").asText("-"), d.path("failedAt").asText(),
                    d.path("replayed").isNull() || d.path("replayed").isMissingNode() ? ""
                            : "; replayed " + d.path("replayed").asText(),
                    d.path("reason").asText("(none given)"),
                    value.length() > VALUE_SHOWN ? value.substring(0, VALUE_SHOWN) + "..." : value);
        }
        out.println(a.body().size() + " dead letter(s); replay with: ferlab dlq replay ID... or --all");
        return 0;
    }

    private int replay(FerlabCli.Options o) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        var ids = body.putArray("ids");
        o.positional().stream().skip(1).forEach(ids::add);
        if (ids.isEmpty() && !o.flag("all")) {
            out.println("name the records to replay (ferlab dlq lists their ids), or --all for every waiting one");
            return 2;
        }
        GatewayClient.Answer a = gateway.post("/api/dead-letters/replay", JSON.writeValueAsString(body));
        if (a.status() != 200) {
            out.println("replay refused (HTTP " + a.status() + "): " + FerlabCli.describeError(a.body()));
            return 1;
        }
        out.printf("replayed %d: %s%n", a.body().path("replayed").size(), a.body().path("replayed"));
        if (!a.body().path("alreadyReplayed").isEmpty()) {
            out.printf("replayed before, not sent again: %s%n", a.body().path("alreadyReplayed"));
        }
        if (!a.body().path("unknown").isEmpty()) {
            out.printf("no such dead letter: %s%n", a.body().path("unknown"));
            return 1;
        }
        return 0;
    }
}
