package dev.ferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every subcommand against a gateway that answers what a real one answered (RecordedGateway): the request each
 * sends, what it prints, its exit code, and the error paths (unreachable gateway, 401, 404, a wrong flag).
 */
class FerlabCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private RecordedGateway gateway;

    /** What one command line printed and how it ended. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeEach
    void start() throws Exception {
        gateway = new RecordedGateway();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private Run ferlab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--gateway";
        all[args.length + 1] = gateway.url();
        all[args.length + 2] = "--token";
        all[args.length + 3] = "secret";
        int exit = FerlabCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode recorded(String name) throws Exception {
        return JSON.readTree(RecordedGateway.read(name));
    }

    private static String id(String recording) throws Exception {
        return recorded(recording).path("id").asText();
    }

    // ------------------------------------------------------------------------------------------- help and errors

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        Run r = ferlab("--help");
        assertEquals(0, r.exit(), r.all());
        for (String command : new String[] {"submit", "watch", "status", "results", "grid", "export", "evaluate",
            "compare", "dlq", "weights", "dataset", "generate-completion"}) {
            assertTrue(r.out().contains(command), command + " in:\n" + r.out());
        }
        assertTrue(r.out().contains("Exit codes:") && r.out().contains("the gateway wants the API token (401)"),
                r.out());
        assertTrue(!r.out().contains("bench-grid"), "the benchmark's command stays hidden");
        Run submit = ferlab("submit", "--help");
        assertEquals(0, submit.exit());
        assertTrue(submit.out().contains("--transfer-mode=MODE") && submit.out().contains("--max-batches=N"),
                submit.out());
    }

    @Test
    void aWrongCommandLineSaysWhatToFixAndExitsTwo() {
        Run unknown = ferlab("submit", "--dataset", "d", "--model", "small-cnn", "--bogus");
        assertEquals(2, unknown.exit(), unknown.all());
        assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.err());
        Run malformed = ferlab("submit", "--dataset", "d", "--model", "small-cnn", "--epochs", "many");
        assertEquals(2, malformed.exit());
        assertTrue(malformed.err().contains("Invalid value for option '--epochs': 'many' is not an int"),
                malformed.err());
        Run missing = ferlab("submit", "--model", "small-cnn");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Missing required option: '--dataset=D'"), missing.err());
        Run output = ferlab("status", "--output", "yaml");
        assertEquals(2, output.exit());
        assertTrue(output.err().contains("expected one of [text, json]"), output.err());
        assertEquals(0, gateway.requests.size(), "nothing was sent");
    }

    @Test
    void anUnreachableGatewayExitsThreeAndSaysHowToStartIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FerlabCli.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                "status", "--gateway", "http://127.0.0.1:1");
        assertEquals(3, exit);
        assertTrue(err.toString().contains("cannot reach the gateway at http://127.0.0.1:1: is it running?"),
                err.toString());
    }

    @Test
    void aRequestWithoutTheRightTokenExitsFourWithTheGatewaysWords() throws Exception {
        gateway.on("POST", "/api/experiments", 401, "unauthorised.json");
        Run r = ferlab("submit", "--dataset", "builtin:synthetic-faces", "--model", "small-cnn");
        assertEquals(4, r.exit(), r.all());
        assertTrue(r.err().contains("HTTP 401") && r.err().contains(recorded("unauthorised.json").path("error")
                .asText()), r.err());
    }

    @Test
    void anUnknownIdExitsFive() {
        Run status = ferlab("status", "no-such-id");
        assertEquals(5, status.exit(), status.all());
        assertTrue(status.err().contains("no experiment or grid with id no-such-id"), status.err());
        gateway.on("GET", "/api/experiments/no-such-id", 404, "not-found.json");
        assertEquals(5, ferlab("watch", "no-such-id").exit());
        assertEquals(5, ferlab("results", "no-such-id").exit());
    }

    /**
     * One command line of every action that speaks to the gateway, each as a user would type it (the file that
     * {@code weights import} sends is made by {@link #everyAction}).
     */
    private static final String[][] EVERY_ACTION = {
        {"submit", "--dataset", "builtin:synthetic-faces", "--model", "small-cnn"},
        {"watch", "e-1"},
        {"status"},
        {"status", "e-1"},
        {"results", "e-1"},
        {"grid", "--preset", "paper", "--dataset", "builtin:synthetic-faces"},
        {"grid", "complete", "g-1", "--preset", "paper", "--dataset", "builtin:synthetic-faces"},
        {"export", "g-1"},
        {"evaluate", "e-1", "--dataset", "builtin:synthetic-faces"},
        {"compare", "e-1", "e-2"},
        {"dlq"},
        {"dlq", "replay", "--all"},
        {"weights", "list"},
        {"weights", "import", "resnet50", "WEIGHTS"},
        {"dataset", "list"},
        {"dataset", "import", "/data/ck48"},
    };

    /** Each action as (its command line, for the test's name; its arguments). */
    private static Stream<Arguments> everyAction() throws IOException {
        Path weights = Files.createTempFile("ferlab-cli-test", ".safetensors");
        weights.toFile().deleteOnExit();
        return Arrays.stream(EVERY_ACTION).map(line -> Arguments.of(String.join(" ", line),
                Arrays.stream(line).map(a -> a.equals("WEIGHTS") ? weights.toString() : a)
                        .toArray(String[]::new)));
    }

    /** Every action, against a gateway that is not there: exit 3 and how to start it, never a stack trace. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAction")
    void everyActionSaysWhenTheGatewayCannotBeReached(String commandLine, String[] line) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = Arrays.copyOf(line, line.length + 2);
        args[line.length] = "--gateway";
        args[line.length + 1] = "http://127.0.0.1:1";
        int exit = FerlabCli.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), args);
        assertEquals(3, exit, commandLine + ": " + err);
        assertTrue(err.toString().contains("cannot reach the gateway at http://127.0.0.1:1: is it running?")
                && !err.toString().contains("\tat "), err.toString());
    }

    /**
     * Every action, when the gateway asks for the token (401): exit 4 with the gateway's words; when it knows nothing
     * of what the action names (404): exit 5, saying what is unknown.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAction")
    void everyActionPassesOnTheGatewaysRefusals(String commandLine, String[] line) throws Exception {
        gateway.answerEverything(401, "unauthorised.json");
        Run unauthorised = ferlab(line);
        assertEquals(4, unauthorised.exit(), commandLine + ": " + unauthorised.all());
        assertTrue(unauthorised.err().contains("HTTP 401") && unauthorised.err().contains(
                recorded("unauthorised.json").path("error").asText()), unauthorised.err());
        gateway.answerEverything(404, "not-found.json");
        Run unknown = ferlab(line);
        assertEquals(5, unknown.exit(), commandLine + ": " + unknown.all());
        // status and results ask for an experiment, then a grid, and say that neither is known.
        assertTrue(unknown.err().contains(recorded("not-found.json").path("error").asText())
                || unknown.err().contains("no experiment or grid with id e-1"), unknown.err());
    }

    /** Every action with an option it does not have: exit 2, the option named, nothing sent. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAction")
    void everyActionRefusesAnUnknownOptionBeforeSendingAnything(String commandLine, String[] line) {
        String[] args = Arrays.copyOf(line, line.length + 1);
        args[line.length] = "--bogus";
        Run r = ferlab(args);
        assertEquals(2, r.exit(), commandLine + ": " + r.all());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
        assertEquals(0, gateway.requests.size(), "nothing was sent: " + gateway.requests);
    }

    // ------------------------------------------------------------------------------------------- experiments

    @Test
    void submitSendsTheSpecWithTheTokenAndNamesTheNewExperiment() throws Exception {
        gateway.on("POST", "/api/experiments", 202, "experiment-submitted.json");
        Run r = ferlab("submit", "--dataset", "builtin:synthetic-faces", "--model", "small-cnn", "--epochs", "2",
                "--learning-rate", "0.01", "--clahe", "--balancing", "smote", "--group-by", "ck-subject");
        assertEquals(0, r.exit(), r.all());
        assertEquals("experiment " + id("experiment-submitted.json") + " accepted", r.out().trim());
        RecordedGateway.Request sent = gateway.last("POST", "/api/experiments");
        assertEquals("Bearer secret", sent.header("Authorization"));
        JsonNode body = JSON.readTree(sent.body());
        assertEquals(2, body.path("epochs").asInt());
        assertTrue(body.path("epochs").isInt() && body.path("learningRate").isDouble(), body.toString());
        assertTrue(body.path("preprocessing").path("clahe").asBoolean(), body.toString());
        assertEquals("smote", body.path("preprocessing").path("balancing").asText());
        assertEquals("ck-subject", body.path("preprocessing").path("groupBy").asText());
        assertTrue(body.path("transferMode").isMissingNode(), "left out: the gateway's default");
    }

    @Test
    void aRefusedSubmissionNamesTheFieldAndExitsOne() throws Exception {
        gateway.on("POST", "/api/experiments", 400, "submit-invalid.json");
        Run r = ferlab("submit", "--dataset", "builtin:synthetic-faces", "--model", "alexnet");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("submission refused (HTTP 400)") && r.err().contains("model: "), r.err());
    }

    @Test
    void watchFollowsAnExperimentToItsResultsOrItsFailure() throws Exception {
        String done = id("experiment-completed.json");
        gateway.on("GET", "/api/experiments/" + done, 200, "experiment-completed.json");
        Run r = ferlab("watch", done);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("COMPLETED") && r.out().contains("Results of " + done)
                && r.out().contains("confusion matrix"), r.out());
        String failed = id("experiment-failed.json");
        gateway.on("GET", "/api/experiments/" + failed, 200, "experiment-failed.json");
        Run f = ferlab("watch", failed);
        assertEquals(1, f.exit(), f.all());
        assertTrue(f.out().contains("FAILED in stage " + recorded("experiment-failed.json").path("failure")
                .path("stage").asText()), f.out());
        // submit --watch is the same watch after the submission.
        gateway.on("POST", "/api/experiments", 202, "experiment-submitted.json");
        gateway.on("GET", "/api/experiments/" + id("experiment-submitted.json"), 200, "experiment-completed.json");
        assertEquals(0, ferlab("submit", "--dataset", "d", "--model", "small-cnn", "--watch").exit());
    }

    @Test
    void statusOfAnExperimentAsTextOrJson() throws Exception {
        String done = id("experiment-completed.json");
        gateway.on("GET", "/api/experiments/" + done, 200, "experiment-completed.json");
        Run text = ferlab("status", done);
        assertEquals(0, text.exit(), text.all());
        assertTrue(text.out().startsWith("COMPLETED") && text.out().contains("epoch 2/2"), text.out());
        Run json = ferlab("status", done, "--output", "json");
        assertEquals(recorded("experiment-completed.json"), JSON.readTree(json.out()));
    }

    @Test
    void statusWithoutAnIdListsTheLatestGridsAndExperiments() throws Exception {
        gateway.on("GET", "/api/grids?limit=10", 200, "grids.json");
        gateway.on("GET", "/api/experiments?limit=15", 200, "experiments.json");
        Run text = ferlab("status");
        assertEquals(0, text.exit(), text.all());
        assertTrue(text.out().contains("grids:") && text.out().contains(id("grid-submitted.json")), text.out());
        JsonNode json = JSON.readTree(ferlab("status", "--output", "json").out());
        assertEquals(recorded("grids.json"), json.path("grids"));
        assertEquals(recorded("experiments.json"), json.path("experiments"));
    }

    @Test
    void resultsOfAnExperimentAsATableOrJson() throws Exception {
        String done = id("experiment-completed.json");
        gateway.on("GET", "/api/experiments/" + done, 200, "experiment-completed.json");
        Run text = ferlab("results", done);
        assertEquals(0, text.exit(), text.all());
        assertTrue(text.out().contains("accuracy") && text.out().contains("majority-class baseline"), text.out());
        Run json = ferlab("results", done, "--output", "json");
        assertEquals(recorded("experiment-completed.json").path("result"), JSON.readTree(json.out()));
        String failed = id("experiment-failed.json");
        gateway.on("GET", "/api/experiments/" + failed, 200, "experiment-failed.json");
        Run none = ferlab("results", failed);
        assertEquals(1, none.exit());
        assertTrue(none.out().contains("is FAILED: no results yet"), none.out());
    }

    @Test
    void evaluateRequestsACrossDatasetEvaluationAndWaitsForIt() throws Exception {
        String done = id("experiment-completed.json");
        gateway.on("POST", "/api/experiments/" + done + "/evaluations", 202, "evaluation-requested.json");
        gateway.on("GET", "/api/experiments/" + done + "/evaluations", 200, "evaluations.json");
        Run r = ferlab("evaluate", done, "--dataset", "builtin:synthetic-faces", "--split", "test", "--watch");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("evaluation " + id("evaluation-requested.json") + " requested")
                && r.out().contains("accuracy ") && r.out().contains("classes the model lacks"), r.out());
        JsonNode body = JSON.readTree(gateway.last("POST", "/api/experiments/").body());
        assertEquals("test", body.path("split").asText());
    }

    @Test
    void compareAsTextOrJson() throws Exception {
        JsonNode c = recorded("comparison.json");
        String a = id("experiment-completed.json");
        String b = "b-run";
        gateway.on("GET", "/api/comparisons?a=" + a + "&b=" + b, 200, "comparison.json");
        Run text = ferlab("compare", a, b);
        assertEquals(0, text.exit(), text.all());
        assertTrue(text.out().contains("McNemar's exact test") && text.out().contains(String.format(
                java.util.Locale.ROOT, "%,d test images", c.path("testImages").asInt())), text.out());
        assertEquals(c, JSON.readTree(ferlab("compare", a, b, "--output", "json").out()));
        assertEquals(2, ferlab("compare", a).exit(), "two runs to compare");
    }

    // ------------------------------------------------------------------------------------------- grids

    @Test
    void gridSendsItsListsAndKeyAndSaysWhenTheKeyWasSeenBefore() throws Exception {
        gateway.on("POST", "/api/grids", 202, "grid-submitted.json");
        gateway.on("POST", "/api/grids", 200, "grid-submitted.json");
        Run r = ferlab("grid", "--dataset", "builtin:synthetic-faces", "--models", "small-cnn,resnet50",
                "--preprocessing", "raw,clahe+smote", "--seeds", "1,2", "--epochs", "2", "--idempotency-key", "k1",
                "--skip-missing-weights");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("grid " + id("grid-submitted.json")) && r.out().contains("queued"), r.out());
        RecordedGateway.Request sent = gateway.last("POST", "/api/grids");
        assertEquals("k1", sent.header("Idempotency-Key"));
        JsonNode body = JSON.readTree(sent.body());
        assertEquals("[\"small-cnn\",\"resnet50\"]", body.path("models").toString());
        assertEquals("[\"raw\",\"clahe+smote\"]", body.path("preprocessing").toString());
        assertEquals("[1,2]", body.path("seeds").toString());
        assertTrue(body.path("skipMissingWeights").asBoolean());
        Run again = ferlab("grid", "--dataset", "builtin:synthetic-faces", "--idempotency-key", "k1");
        assertTrue(again.out().contains("(submitted before with this key)"), again.out());
        assertEquals(2, ferlab("grid", "--seeds", "one").exit(), "seeds are numbers");
    }

    @Test
    void gridCompleteSendsOnlyWhatItAdds() throws Exception {
        String grid = id("grid-submitted.json");
        gateway.on("POST", "/api/grids/" + grid + "/complete", 202, "grid-complete.json");
        Run r = ferlab("grid", "complete", grid, "--seeds", "4");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("cells added") && r.out().contains(recorded("grid-complete.json").path("kept")
                .asText() + " kept"), r.out());
        assertEquals("{\"seeds\":[4]}", gateway.last("POST", "/api/grids/").body());
    }

    @Test
    void statusOfAGridAsLinesOrJsonAndWatchedAsATable() throws Exception {
        String grid = id("grid-submitted.json");
        gateway.answer("GET", "/api/experiments/" + grid, 404, "application/json", RecordedGateway.read(
                "not-found.json"));
        gateway.on("GET", "/api/grids/" + grid, 200, "grid.json");
        gateway.on("GET", "/api/grids/" + grid + "/events", 200, "grid-events.sse");
        Run lines = ferlab("status", grid);
        assertEquals(0, lines.exit(), lines.all());
        assertTrue(lines.out().contains("2 of 2 ended"), lines.out());
        assertEquals(recorded("grid.json"), JSON.readTree(ferlab("status", grid, "--output", "json").out()));
        Run watched = ferlab("status", grid, "--watch");
        assertEquals(0, watched.exit(), watched.all());
        assertTrue(watched.out().contains("grid recorded: 2 of 2 ended, 0 training, 0 waiting for a trainer; done"),
                watched.out());
        watched.out().lines().forEach(l -> assertTrue(l.length() <= GridWatch.WIDTH, l));
        Run jsonLines = ferlab("status", grid, "--watch", "--output", "json");
        assertEquals(0, jsonLines.exit(), jsonLines.all());
        assertEquals(2, jsonLines.out().lines().map(l -> {
            try {
                return JSON.readTree(l).path("experimentId").asText();
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).distinct().count(), jsonLines.out());
    }

    @Test
    void exportPrintsOrWritesTableOne(@TempDir Path dir) throws Exception {
        String grid = id("grid-submitted.json");
        gateway.on("GET", "/api/grids/" + grid + "/results?format=csv", 200, "table1.csv");
        gateway.on("GET", "/api/grids/" + grid + "/results?format=markdown", 200, "table1.md");
        Run csv = ferlab("export", grid, "--format", "csv");
        assertEquals(0, csv.exit(), csv.all());
        assertEquals(RecordedGateway.read("table1.csv").trim(), csv.out().trim());
        Path file = dir.resolve("table1.md");
        Run written = ferlab("export", grid, "--out", file.toString());
        assertEquals("wrote " + file, written.out().trim());
        assertEquals(RecordedGateway.read("table1.md"), Files.readString(file));
        // results of a grid is its Table 1
        gateway.answer("GET", "/api/experiments/" + grid, 404, "application/json", "{}");
        gateway.on("GET", "/api/grids/" + grid, 200, "grid.json");
        assertEquals(RecordedGateway.read("table1.md").trim(), ferlab("results", grid).out().trim());
    }

    // ------------------------------------------------------------------------------------------- the rest

    @Test
    void deadLettersListedAndReplayed() throws Exception {
        gateway.on("GET", "/api/dead-letters", 200, "dead-letters.json");
        gateway.on("GET", "/api/dead-letters?all=true", 200, "dead-letters.json");
        Run list = ferlab("dlq");
        assertEquals(0, list.exit(), list.all());
        assertEquals(recorded("dead-letters.json"), JSON.readTree(ferlab("dlq", "--all", "--output", "json").out()));
        gateway.on("POST", "/api/dead-letters/replay", 200, "replay-unknown.json");
        Run replay = ferlab("dlq", "replay", "no-such-letter");
        assertEquals(1, replay.exit(), replay.all());
        assertTrue(replay.out().contains("no such dead letter: [\"no-such-letter\"]"), replay.out());
        assertEquals("{\"ids\":[\"no-such-letter\"]}", gateway.last("POST", "/api/dead-letters/replay").body());
        Run nothing = ferlab("dlq", "replay");
        assertEquals(2, nothing.exit());
        assertTrue(nothing.err().contains("or --all for every waiting one"), nothing.err());
    }

    @Test
    void weightsListedAndImported(@TempDir Path dir) throws Exception {
        gateway.on("GET", "/api/weights", 200, "weights.json");
        Run list = ferlab("weights", "list");
        assertEquals(0, list.exit(), list.all());
        assertTrue(list.out().contains("resnet50"), list.out());
        assertEquals(list.out(), ferlab("weights").out(), "the list is the default");
        assertEquals(recorded("weights.json"), JSON.readTree(ferlab("weights", "list", "--output", "json").out()));
        Run missing = ferlab("weights", "import", "resnet50", dir.resolve("none.safetensors").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no file at"), missing.err());
        Path file = Files.write(dir.resolve("w.safetensors"), new byte[] {1, 2, 3});
        gateway.answer("PUT", "/api/weights/resnet50?name=w.safetensors", 400, "application/json",
                "{\"error\":\"not a safetensors file: its header is cut short\"}");
        Run refused = ferlab("weights", "import", "resnet50", file.toString());
        assertEquals(1, refused.exit(), refused.all());
        assertTrue(refused.err().contains("import refused (HTTP 400): not a safetensors file"), refused.err());
    }

    @Test
    void datasetsListedAndImportedAsAJobWithAProgressBar() throws Exception {
        gateway.on("GET", "/api/datasets", 200, "datasets.json");
        Run list = ferlab("dataset", "list");
        assertEquals(0, list.exit(), list.all());
        assertEquals(recorded("datasets.json"), JSON.readTree(ferlab("dataset", "--output", "json").out()));
        JsonNode done = recorded("import-done.json");
        gateway.on("POST", "/api/datasets", 202, "import-started.json");
        // The CLI names its own import id: the recorded job answers whichever id is asked.
        gateway.onPrefix("GET", "/api/datasets/imports/", 200, "import-done.json");
        gateway.on("GET", "/api/datasets/" + done.path("datasetId").asText(), 200, "dataset.json");
        Run r = ferlab("dataset", "import", "/data/ck48", "--name", "ck48", "--map", "glee:happiness");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("checking") && r.out().contains(recorded("dataset.json").path("reference")
                .asText()), r.out());
        JsonNode body = JSON.readTree(gateway.last("POST", "/api/datasets").body());
        assertEquals("/data/ck48", body.path("path").asText());
        assertEquals("happiness", body.path("labelMapping").path("glee").asText());
        assertEquals("respond-async", gateway.last("POST", "/api/datasets").header("Prefer"));
        Run bad = ferlab("dataset", "import", "/data/ck48", "--map", "glee");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--map entry 'glee' is not FOLDER:LABEL"), bad.err());
    }

    @Test
    void aShellCompletionScriptNamesTheSubcommands() {
        Run r = ferlab("generate-completion");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("complete -F") && r.out().contains("submit") && r.out().contains("dataset"),
                r.out().substring(0, Math.min(300, r.out().length())));
    }
}
