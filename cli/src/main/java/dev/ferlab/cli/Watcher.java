package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Follows one experiment until it completes or fails, printing each change, then the results. */
final class Watcher {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int BAR = 24;
    private final GatewayClient gateway;
    private final PrintStream out;

    Watcher(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    int watch(String id) throws Exception {
        String lastLine = "";
        Instant start = Instant.now();
        while (true) {
            JsonNode e = FerlabCli.expect(gateway.get("/api/experiments/" + id), "cannot read experiment " + id, 200)
                    .body();
            String status = e.path("status").asText();
            String line = progressLine(e, Duration.between(start, Instant.now()));
            if (!line.equals(lastLine)) {
                out.println(line);
                lastLine = line;
            }
            if (status.equals("COMPLETED")) {
                ResultsTable.print(e, out);
                return 0;
            }
            if (status.equals("CANCELLED")) {
                out.println("experiment " + id + " was CANCELLED");
                return 1;
            }
            if (status.equals("FAILED")) {
                JsonNode f = e.path("failure");
                out.println("experiment " + id + " FAILED in stage " + f.path("stage").asText("?") + ": "
                        + f.path("reason").asText("no reason given"));
                return 1;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** "42s", "3m 05s", "1h 02m". */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600 ? String.format("%dh %02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
    }

    static String progressLine(JsonNode e, Duration elapsed) {
        String status = e.path("status").asText();
        int epoch = e.path("progress").path("epoch").asInt();
        int epochs = Math.max(1, e.path("progress").path("epochs").asInt(1));
        int filled = Math.min(BAR, epoch * BAR / epochs);
        StringBuilder s = new StringBuilder(String.format("%-10s [%s%s] epoch %d/%d", status, "#".repeat(filled),
                "-".repeat(BAR - filled), epoch, epochs));
        JsonNode curve = e.path("curve");
        if (curve.isArray() && !curve.isEmpty()) {
            JsonNode last = curve.get(curve.size() - 1);
            s.append(String.format("  loss %.3f acc %.3f | val loss %.3f acc %.3f | %.0f img/s",
                    last.path("trainLoss").asDouble(), last.path("trainAccuracy").asDouble(),
                    last.path("validationLoss").asDouble(), last.path("validationAccuracy").asDouble(),
                    last.path("imagesPerSecond").asDouble()));
        }
        if (status.equals("PREPROCESSING")) {
            JsonNode p = e.path("preprocessing");
            s.append(String.format("  preparing data: %s (step %d of %d)", p.path("step").asText(),
                    p.path("done").asInt() + 1, p.path("total").asInt()));
        }
        // Waiting for a trainer is not training: the run's place in the trainers' queue, or which trainer holds it.
        JsonNode place = e.path("queuePosition");
        if (status.equals("WAITING") || (status.equals("TRAINING") && place.isInt())) {
            s.append(status.equals("WAITING") ? "  waiting for a trainer" : "  waiting for a trainer again")
                    .append(place.isInt() ? " (#" + place.asInt() + " in the queue)" : "");
        } else if (status.equals("TRAINING") && e.path("trainer").isTextual()) {
            s.append("  on trainer ").append(e.path("trainer").asText());
        }
        if (status.equals("QUEUED") || status.equals("PREPROCESSING") || status.equals("WAITING")
                || status.equals("EVALUATING")) {
            s.append(String.format("  (%d s)", elapsed.toSeconds()));
        }
        if (!e.path("stalledSince").isMissingNode() && !e.path("stalledSince").isNull()) {
            s.append("  STALLED since ").append(e.path("stalledSince").asText());
        }
        if (e.path("retries").asInt() > 0) {
            s.append(String.format("  (driven on %d time%s)", e.path("retries").asInt(),
                    e.path("retries").asInt() == 1 ? "" : "s"));
        }
        return s.toString();
    }
}
