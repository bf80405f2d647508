package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ferlab status GRID --watch}: the grid as a compact table, one line per run within 100 columns (epoch, last
 * training loss, time left), under a head line with what has ended, what trains, what waits for a trainer and when
 * the grid should finish. It follows the grid's one event stream; on a terminal the table is redrawn in place, to a
 * file or pipe it is printed again only when it changed. Ends when every run has ended: 0 when all completed.
 */
final class GridWatch {
    static final int WIDTH = 100;
    private static final Duration REDRAW = Duration.ofMillis(500);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private final GatewayClient gateway;
    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, JsonNode> runs = new LinkedHashMap<>();
    /** Mean epoch seconds seen per model, from runs training: a waiting run's training time. */
    private final Map<String, Double> epochSeconds = new LinkedHashMap<>();
    private int trainersSeen = 1;
    private int linesDrawn;
    private String lastTable = "";
    private Instant lastDraw = Instant.EPOCH;

    GridWatch(GatewayClient gateway, PrintStream out, boolean terminal) {
        this.gateway = gateway;
        this.out = out;
        this.terminal = terminal;
    }

    int watch(JsonNode grid) throws Exception {
        String id = grid.path("id").asText();
        String name = grid.path("name").asText();
        for (JsonNode e : grid.path("experiments")) {
            runs.put(e.path("id").asText(), null);
        }
        int status = gateway.follow("/api/grids/" + id + "/events", u -> {
            accept(u);
            if (Duration.between(lastDraw, Instant.now()).compareTo(REDRAW) >= 0 || u.path("finished").asBoolean()) {
                draw(render(name, Instant.now()));
            }
        });
        if (status != 200) {
            out.println("cannot follow grid " + id + " (HTTP " + status + ")");
            return 1;
        }
        draw(render(name, Instant.now()));
        long completed = runs.values().stream().filter(u -> u != null && u.path("status").asText()
                .equals("COMPLETED")).count();
        out.println("every run has ended: ferlab results " + id);
        return completed == runs.size() ? 0 : 1;
    }

    /** One update of the grid's stream. */
    void accept(JsonNode u) {
        runs.put(u.path("experimentId").asText(), u);
        learn(u);
    }

    private void learn(JsonNode u) {
        int left = u.path("epochs").asInt() - u.path("epoch").asInt();
        if (u.path("status").asText().equals("TRAINING") && u.path("etaSeconds").isNumber() && left > 0) {
            epochSeconds.put(u.path("model").asText(), u.path("etaSeconds").asDouble() / left);
        }
        long training = runs.values().stream().filter(r -> r != null && r.path("status").asText().equals("TRAINING")
                && !r.path("queuePosition").isInt()).count();
        trainersSeen = (int) Math.max(trainersSeen, training);
    }

    /** The table as text: the head line, the column names, a line per run. */
    String render(String name, Instant now) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        double left = 0;
        boolean lowerBound = false;
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, JsonNode> r : runs.entrySet()) {
            JsonNode u = r.getValue();
            String status = u == null ? "QUEUED" : u.path("status").asText();
            counts.merge(status, 1, Integer::sum);
            Double runLeft = u == null ? null : secondsLeft(u);
            if (runLeft == null && !isEnded(status)) {
                lowerBound = true;
            } else if (runLeft != null) {
                left += runLeft;
            }
            lines.add(line(r.getKey(), u));
        }
        int ended = counts.getOrDefault("COMPLETED", 0) + counts.getOrDefault("FAILED", 0)
                + counts.getOrDefault("CANCELLED", 0);
        String finish = ended == runs.size() ? "done"
                : "finish " + (lowerBound ? "after " : "about ") + CLOCK.format(LocalTime.ofInstant(
                        now.plusSeconds((long) (left / trainersSeen)), ZoneId.systemDefault()))
                        + " (" + Watcher.duration((long) (left / trainersSeen)) + " left)";
        String head = String.format("grid %s: %d of %d ended, %d training, %d waiting for a trainer; %s",
                name, ended, runs.size(), counts.getOrDefault("TRAINING", 0), counts.getOrDefault("WAITING", 0),
                finish);
        StringBuilder table = new StringBuilder(fit(head)).append('\n');
        table.append(String.format("%-8s %-17s %-7s %-18s %-11s %5s %7s %8s", "run", "model", "mode",
                "preprocessing", "status", "epoch", "loss", "left")).append('\n');
        lines.forEach(l -> table.append(l).append('\n'));
        return table.toString();
    }

    private String line(String id, JsonNode u) {
        if (u == null) {
            return String.format("%-8s %-17s %-7s %-18s %-11s", id.substring(0, 8), "", "", "", "QUEUED");
        }
        String status = u.path("status").asText();
        if (status.equals("WAITING") && u.path("queuePosition").isInt()) {
            status = "WAITING #" + u.path("queuePosition").asInt();
        }
        Double left = secondsLeft(u);
        return fit(String.format("%-8s %-17s %-7s %-18s %-11s %5s %7s %8s", id.substring(0, 8),
                cut(u.path("model").asText(), 17), cut(u.path("transferMode").asText(), 7),
                cut(u.path("variant").asText(), 18), cut(status, 11),
                u.path("epoch").asInt() + "/" + u.path("epochs").asInt(),
                u.path("trainLoss").isNumber() ? String.format("%.4f", u.path("trainLoss").asDouble()) : "-",
                left == null ? (isEnded(u.path("status").asText()) ? "" : "?") : Watcher.duration(left.longValue())));
    }

    /**
     * Training time left: the stream's estimate while training; before that, its epochs at the pace of the
     * model's runs seen training; null when no run of its model has trained yet.
     */
    private Double secondsLeft(JsonNode u) {
        String status = u.path("status").asText();
        if (isEnded(status)) {
            return 0.0;
        }
        if (u.path("etaSeconds").isNumber()) {
            return u.path("etaSeconds").asDouble();
        }
        Double perEpoch = epochSeconds.get(u.path("model").asText());
        return perEpoch == null ? null : perEpoch * (u.path("epochs").asInt() - u.path("epoch").asInt());
    }

    private static boolean isEnded(String status) {
        return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private static String fit(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 1) + "…";
    }

    /** On a terminal: over the last drawing, in place. Elsewhere: again, only when it changed. */
    private void draw(String table) {
        lastDraw = Instant.now();
        if (table.equals(lastTable)) {
            return;
        }
        lastTable = table;
        if (terminal && linesDrawn > 0) {
            out.print("\033[" + linesDrawn + "A");
        }
        for (String line : table.split("\n")) {
            out.print(terminal ? line + "\033[K\n" : line + "\n");
        }
        out.flush();
        linesDrawn = table.split("\n").length;
    }
}
