package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferlab dlq}: the messages consumer groups gave up on, with the reason; {@code ferlab dlq replay}: each sent
 * to its topic again, once, however often a replay is asked for.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "The messages consumer groups gave up on (dead letters), with group, topic and reason.",
        subcommands = DeadLetterCommand.Replay.class)
final class DeadLetterCommand extends GatewayCommand {
    private static final int VALUE_SHOWN = 120;
    @Option(names = "--all", description = "with those replayed already")
    boolean all;
    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
        JsonNode letters = FerlabCli.expect(gateway().get("/api/dead-letters" + (all ? "?all=true" : "")),
                "cannot list dead letters", 200).body();
        if (output.json()) {
            FerlabCli.printJson(out(), letters);
            return 0;
        }
        if (letters.isEmpty()) {
            out().println(all ? "no dead letters" : "no dead letters waiting (--all shows those replayed)");
            return 0;
        }
        for (JsonNode d : letters) {
            String value = d.path("value").asText("");
            out().printf("%s%n  group %s gave up on a %s message keyed %s at %s%s%n  reason: %s%n  message: %s%n",
                    d.path("id").asText(), d.path("group").asText("?"), d.path("topic").asText("?"),
                    d.path("key").asText("-"), d.path("failedAt").asText(),
                    d.path("replayed").isNull() || d.path("replayed").isMissingNode() ? ""
                            : "; replayed " + d.path("replayed").asText(),
                    d.path("reason").asText("(none given)"),
                    value.length() > VALUE_SHOWN ? value.substring(0, VALUE_SHOWN) + "..." : value);
        }
        out().println(letters.size() + " dead letter(s); replay with: ferlab dlq replay ID... or --all");
        return 0;
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Sends dead letters to their topic again, each once: those named, or --all waiting.")
    static final class Replay extends GatewayCommand {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "ids that ferlab dlq lists")
        List<String> ids;
        @Option(names = "--all", description = "every waiting one")
        boolean all;

        @Override
        public Integer call() throws Exception {
            if ((ids == null || ids.isEmpty()) == !all) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "name the records to replay (ferlab dlq lists their ids), or --all for every waiting one");
            }
            ObjectNode body = FerlabCli.JSON.createObjectNode();
            ArrayNode named = body.putArray("ids");
            if (ids != null) {
                ids.forEach(named::add);
            }
            JsonNode a = FerlabCli.expect(gateway().post("/api/dead-letters/replay",
                    FerlabCli.JSON.writeValueAsString(body)), "replay refused", 200).body();
            out().printf("replayed %d: %s%n", a.path("replayed").size(), a.path("replayed"));
            if (!a.path("alreadyReplayed").isEmpty()) {
                out().printf("replayed before, not sent again: %s%n", a.path("alreadyReplayed"));
            }
            if (!a.path("unknown").isEmpty()) {
                out().printf("no such dead letter: %s%n", a.path("unknown"));
                return FerlabCli.FAILED;
            }
            return 0;
        }
    }
}
