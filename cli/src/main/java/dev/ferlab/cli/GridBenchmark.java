package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The client half of {@code ./ferlab bench grid}: submits a grid of experiments that differ only in seed, all at
 * once, and prints the wall time until every one has completed. The same grid runs first as one-batch
 * experiments, so that every shard set exists, every consumer holds its partitions and every trainer has loaded
 * its engine: the timed grid measures training, not preprocessing or start-up.
 */
@picocli.CommandLine.Command(name = "bench-grid", hidden = true, mixinStandardHelpOptions = true,
        description = "The client half of ./ferlab bench grid.")
final class GridBenchmark extends GatewayCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private GatewayClient gateway;
    private PrintStream out;

    @picocli.CommandLine.Option(names = "--dataset", required = true)
    String dataset;
    @picocli.CommandLine.Option(names = "--model", defaultValue = "small-cnn")
    String model;
    @picocli.CommandLine.Option(names = "--epochs", defaultValue = "6")
    int epochs;
    /** Per epoch, 0 for all: keeps a large model's grid within minutes on a CPU. */
    @picocli.CommandLine.Option(names = "--max-batches", defaultValue = "0")
    int maxBatches;
    @picocli.CommandLine.Option(names = "--count", defaultValue = "4")
    int count;

    @Override
    public Integer call() throws Exception {
        gateway = gateway();
        out = out();
        return run(dataset, model, epochs, maxBatches, count);
    }

    private int run(String dataset, String model, int epochs, int maxBatches, int count) throws Exception {
        List<String> warmUp = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            warmUp.add(submit(dataset, model, 1, 1 + i, 1));
        }
        if (awaitAll(warmUp, 1800, 0) < 0) {
            return 1;
        }
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(submit(dataset, model, epochs, 1 + i, maxBatches));
        }
        long trained = awaitAll(ids, 3600, start);
        if (trained < 0) {
            return 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("grid trained seconds %.1f%n", (trained - start) / 1e9);
        out.printf("grid wall seconds %.1f%n", seconds);
        out.println("grid ids " + String.join(" ", ids));
        return 0;
    }

    private String submit(String dataset, String model, int epochs, long seed, int maxBatches) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("dataset", dataset).put("model", model).put("epochs", epochs)
                .put("seed", seed).put("maxBatchesPerEpoch", maxBatches);
        GatewayClient.Answer a = gateway.post("/api/experiments", JSON.writeValueAsString(body));
        if (a.status() != 202) {
            throw new IllegalStateException("submission refused (HTTP " + a.status() + "): "
                    + FerlabCli.describeError(a.body()));
        }
        return a.body().path("id").asText();
    }

    /**
     * Polls until every experiment has ended.
     *
     * @return when the last one's training was first seen over (status EVALUATING or COMPLETED: the trainers'
     *         part done, within one poll), as {@link System#nanoTime}; -1 (the reason printed) when one failed or
     *         time ran out
     */
    private long awaitAll(List<String> ids, int maxSeconds, long since) throws Exception {
        long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
        List<String> open = new ArrayList<>(ids);
        java.util.Set<String> trained = new java.util.HashSet<>();
        long lastTrained = since;
        while (!open.isEmpty()) {
            if (System.nanoTime() > end) {
                out.println("gave up after " + maxSeconds + " s waiting for " + open);
                return -1;
            }
            for (String id : List.copyOf(open)) {
                JsonNode e = gateway.get("/api/experiments/" + id).body();
                String status = e.path("status").asText();
                if (status.equals("FAILED") || status.equals("CANCELLED")) {
                    out.println("experiment " + id + " ended " + status + ": " + e.path("failure"));
                    return -1;
                }
                if ((status.equals("EVALUATING") || status.equals("COMPLETED")) && trained.add(id)) {
                    lastTrained = System.nanoTime();
                }
                if (status.equals("COMPLETED")) {
                    open.remove(id);
                }
            }
            Thread.sleep(250);
        }
        return lastTrained;
    }
}
