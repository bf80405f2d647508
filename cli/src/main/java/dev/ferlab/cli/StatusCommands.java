package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ferlab status [ID] [--watch]} and {@code ferlab results ID}, for an experiment or a grid id alike: the
 * gateway is asked for an experiment first, then for a grid.
 */
final class StatusCommands {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int BAR = 30;
    private final GatewayClient gateway;
    private final PrintStream out;

    StatusCommands(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int status(String id, boolean watch) throws Exception {
        if (id == null) {
            return overview();
        }
        GatewayClient.Answer experiment = gateway.get("/api/experiments/" + id);
        if (experiment.status() == 200) {
            if (watch) {
                return new Watcher(gateway, out).watch(id);
            }
            out.println(Watcher.progressLine(experiment.body(), Duration.ZERO));
            return 0;
        }
        GatewayClient.Answer grid = gateway.get("/api/grids/" + id);
        if (grid.status() != 200) {
            out.println("no experiment or grid with id " + id);
            return 1;
        }
        return watch ? watchGrid(id) : printGrid(grid.body(), new HashMap<>());
    }

    int results(String id) throws Exception {
        GatewayClient.Answer experiment = gateway.get("/api/experiments/" + id);
        if (experiment.status() == 200) {
            if (!experiment.body().path("status").asText().equals("COMPLETED")) {
                out.println("experiment " + id + " is " + experiment.body().path("status").asText()
                        + ": no results yet");
                return 1;
            }
            ResultsTable.print(experiment.body(), out);
            return 0;
        }
        return new GridCommands(gateway, out).export(id, FerlabCli.Options.parse(new String[] {"export"}));
    }

    private int overview() throws Exception {
        out.println("grids:");
        for (JsonNode g : gateway.get("/api/grids?limit=10").body()) {
            out.printf("  %s  %-24s %3d runs  %s%n", g.path("id").asText(), g.path("name").asText(),
                    g.path("size").asInt(), g.path("statuses"));
        }
        out.println("latest experiments:");
        for (JsonNode e : gateway.get("/api/experiments?limit=15").body()) {
            out.printf("  %s  %-18s %-8s %s%n", e.path("id").asText(), e.path("spec").path("model").asText(),
                    e.path("spec").path("transferMode").asText(), Watcher.progressLine(e, Duration.ZERO));
        }
        return 0;
    }

    private int watchGrid(String id) throws Exception {
        Map<String, String> shown = new HashMap<>();
        while (true) {
            JsonNode g = gateway.get("/api/grids/" + id).body();
            printGrid(g, shown);
            int ended = ended(g);
            if (ended == g.path("size").asInt()) {
                out.println("every run has ended: ferlab results " + id);
                return g.path("statuses").path("COMPLETED").asInt() == ended ? 0 : 1;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Prints the grid's bar, and each experiment's line when it changed since {@code shown}. */
    private int printGrid(JsonNode g, Map<String, String> shown) {
        int size = Math.max(1, g.path("size").asInt());
        int ended = ended(g);
        String head = String.format("grid %s [%s%s] %d of %d ended %s", g.path("name").asText(),
                "#".repeat(ended * BAR / size), "-".repeat(BAR - ended * BAR / size), ended, size, g.path("statuses"));
        if (!head.equals(shown.get(""))) {
            out.println(head);
            shown.put("", head);
        }
        for (JsonNode e : g.path("experiments")) {
            String line = String.format("  %s %-18s %-8s %s", e.path("id").asText().substring(0, 8),
                    e.path("spec").path("model").asText(), e.path("spec").path("transferMode").asText(),
                    Watcher.progressLine(e, Duration.ZERO));
            if (!line.equals(shown.get(e.path("id").asText()))) {
                out.println(line);
                shown.put(e.path("id").asText(), line);
            }
        }
        return 0;
    }

    private static int ended(JsonNode g) {
        JsonNode s = g.path("statuses");
        return s.path("COMPLETED").asInt() + s.path("FAILED").asInt() + s.path("CANCELLED").asInt();
    }
}
