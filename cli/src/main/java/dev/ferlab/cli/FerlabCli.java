package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command-line client, on picocli: a subcommand per action, each with its own {@code --help}; submit an
 * experiment or a grid and follow it, read results, evaluate across datasets, compare runs, replay dead letters,
 * import weights and datasets. Talks only to the gateway's REST API. Every read command takes {@code --output
 * json} for scripts. The exit codes are listed in {@code --help} and in the README.
 */
@Command(name = "ferlab", mixinStandardHelpOptions = true, version = "ferlab 0.1.0",
        description = "Runs facial-expression-recognition experiments through a ferlab gateway.",
        subcommands = {SubmitCommand.class, WatchCommand.class, StatusCommand.class, ResultsCommand.class,
            GridCommand.class, ExportCommand.class, EvaluateCommand.class, CompareCommand.class,
            DeadLetterCommand.class, WeightsCommand.class, DatasetCommand.class, GridBenchmark.class,
            AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done (a followed run or grid completed)",
            "1:a run, grid, import or evaluation failed or was cancelled, or the gateway refused the request (4xx)",
            "2:the command line is wrong: an unknown option, a missing or malformed argument",
            "3:the gateway cannot be reached, or it failed (5xx)",
            "4:the gateway wants the API token (401): --token T or FERLAB_API_TOKEN",
            "5:no such experiment, grid, dataset or model (404)"})
public final class FerlabCli {
    static final int FAILED = 1;
    static final int UNREACHABLE = 3;
    static final int UNAUTHORISED = 4;
    static final int NOT_FOUND = 5;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Text for people, or JSON for scripts. */
    enum Output { text, json }

    @Option(names = "--gateway", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:FERLAB_GATEWAY:-http://127.0.0.1:8080}",
            description = "the gateway's address (default: $FERLAB_GATEWAY, else ${DEFAULT-VALUE})")
    String gateway;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "T", defaultValue = "${env:FERLAB_API_TOKEN}",
            description = "the API token, sent with the requests that change state (default: $FERLAB_API_TOKEN)")
    String token;

    final PrintStream out;

    FerlabCli(PrintStream out) {
        this.out = out;
    }

    GatewayClient client() {
        return new GatewayClient(gateway, token);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line; its exit code. */
    static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new FerlabCli(out));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IOException) {
                // The gateway is unreachable and the like: the message says what to do, a stack trace would not.
                line.getErr().println("ferlab: " + e.getMessage());
                return UNREACHABLE;
            }
            if (e instanceof GatewayRefusal r) {
                line.getErr().println("ferlab: " + r.getMessage());
                return r.exitCode();
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** The exit code of a gateway answer that is not what the command wanted. */
    static int exitCodeOf(int httpStatus) {
        return httpStatus == 401 ? UNAUTHORISED : httpStatus == 404 ? NOT_FOUND : httpStatus >= 500 ? UNREACHABLE
                : FAILED;
    }

    /**
     * Checks an answer: when its status is not one of {@code expected}, throws what the gateway said, so the command
     * ends with it and the exit code its status calls for.
     */
    static GatewayClient.Answer expect(GatewayClient.Answer answer, String what, int... expected)
            throws GatewayRefusal {
        for (int status : expected) {
            if (answer.status() == status) {
                return answer;
            }
        }
        throw new GatewayRefusal(what + " (HTTP " + answer.status() + "): " + describeError(answer.body()),
                exitCodeOf(answer.status()));
    }

    /** What the gateway refused, and the exit code that says so. */
    static final class GatewayRefusal extends Exception {
        private final int exitCode;

        GatewayRefusal(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    static String describeError(JsonNode body) {
        StringBuilder s = new StringBuilder(body.path("error").asText(body.toString()));
        for (JsonNode f : body.path("fields")) {
            s.append(System.lineSeparator()).append("  ").append(f.path("field").asText()).append(": ")
                    .append(f.path("message").asText());
        }
        return s.toString();
    }

    static void putIfSet(ObjectNode node, String field, Object value) {
        if (value instanceof Integer i) {
            node.put(field, i);
        } else if (value instanceof Long l) {
            node.put(field, l);
        } else if (value instanceof Double d) {
            node.put(field, d);
        } else if (value instanceof Boolean b) {
            node.put(field, b);
        } else if (value != null) {
            node.put(field, value.toString());
        }
    }

    /** Prints a JSON answer for scripts, one document, indented. */
    static void printJson(PrintStream out, JsonNode node) throws IOException {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
