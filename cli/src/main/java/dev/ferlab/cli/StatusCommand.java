package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferlab status [ID] [--watch]}, for an experiment or a grid id alike (the gateway is asked for an experiment
 * first, then for a grid); without an id, the latest grids and experiments.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Without an id: the latest grids and experiments. With an experiment's id: its progress line; "
                + "with a grid's: a line per run.",
            "--watch follows it to its end: a grid as a table within 100 columns, redrawn in place, with the "
                + "grid's estimated finish (with --output json: each update as a line of JSON)."})
final class StatusCommand extends GatewayCommand {
    @Parameters(paramLabel = "EXPERIMENT_OR_GRID_ID", arity = "0..1")
    String id;
    @Option(names = "--watch", description = "follow it until it ends")
    boolean watch;
    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws Exception {
        GatewayClient gateway = gateway();
        if (id == null) {
            return overview(gateway);
        }
        GatewayClient.Answer experiment = gateway.get("/api/experiments/" + id);
        if (experiment.status() == 200) {
            if (watch && output.json()) {
                return follow(gateway, "/api/experiments/" + id + "/events");
            }
            if (watch) {
                return new Watcher(gateway, out()).watch(id);
            }
            if (output.json()) {
                FerlabCli.printJson(out(), experiment.body());
            } else {
                out().println(Watcher.progressLine(experiment.body(), Duration.ZERO));
            }
            return 0;
        }
        GatewayClient.Answer grid = gateway.get("/api/grids/" + id);
        if (grid.status() == 404 && experiment.status() == 404) {
            throw new FerlabCli.GatewayRefusal("no experiment or grid with id " + id, FerlabCli.NOT_FOUND);
        }
        FerlabCli.expect(grid, "cannot read grid " + id, 200);
        if (watch && output.json()) {
            return follow(gateway, "/api/grids/" + id + "/events");
        }
        if (watch) {
            return new GridWatch(gateway, out(), System.console() != null).watch(grid.body());
        }
        if (output.json()) {
            FerlabCli.printJson(out(), grid.body());
        } else {
            printGrid(grid.body());
        }
        return 0;
    }

    private int overview(GatewayClient gateway) throws Exception {
        JsonNode grids = FerlabCli.expect(gateway.get("/api/grids?limit=10"), "cannot list grids", 200).body();
        JsonNode experiments = FerlabCli.expect(gateway.get("/api/experiments?limit=15"),
                "cannot list experiments", 200).body();
        if (output.json()) {
            FerlabCli.printJson(out(), FerlabCli.JSON.createObjectNode().<com.fasterxml.jackson.databind.node
                    .ObjectNode>set("grids", grids).set("experiments", experiments));
            return 0;
        }
        out().println("grids:");
        for (JsonNode g : grids) {
            out().printf("  %s  %-24s %3d runs  %s%n", g.path("id").asText(), g.path("name").asText(),
                    g.path("size").asInt(), g.path("statuses"));
        }
        out().println("latest experiments:");
        for (JsonNode e : experiments) {
            out().printf("  %s  %-18s %-8s %s%n", e.path("id").asText(), e.path("spec").path("model").asText(),
                    e.path("spec").path("transferMode").asText(), Watcher.progressLine(e, Duration.ZERO));
        }
        return 0;
    }

    /** Each update of a stream as a line of JSON, until it ends: 0 when what it follows completed. */
    private int follow(GatewayClient gateway, String path) throws Exception {
        java.util.Map<String, String> last = new java.util.HashMap<>();
        int status = gateway.follow(path, u -> {
            out().println(u.toString());
            last.put(u.path("experimentId").asText(), u.path("status").asText());
        });
        if (status != 200) {
            throw new FerlabCli.GatewayRefusal("cannot follow " + path + " (HTTP " + status + ")",
                    FerlabCli.exitCodeOf(status));
        }
        return last.values().stream().allMatch("COMPLETED"::equals) ? 0 : FerlabCli.FAILED;
    }

    private void printGrid(JsonNode g) {
        int size = Math.max(1, g.path("size").asInt());
        JsonNode s = g.path("statuses");
        int ended = s.path("COMPLETED").asInt() + s.path("FAILED").asInt() + s.path("CANCELLED").asInt();
        int bar = 30;
        out().printf("grid %s [%s%s] %d of %d ended %s%n", g.path("name").asText(), "#".repeat(ended * bar / size),
                "-".repeat(bar - ended * bar / size), ended, size, s);
        for (JsonNode e : g.path("experiments")) {
            out().printf("  %s %-18s %-8s %s%n", e.path("id").asText().substring(0, 8),
                    e.path("spec").path("model").asText(), e.path("spec").path("transferMode").asText(),
                    Watcher.progressLine(e, Duration.ZERO));
        }
    }
}
