package dev.ferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper grid's 27 runs as the watch table draws them: within 100 columns, waiting apart from training. */
class GridWatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twentySevenRunsFitOneHundredColumnsWithEpochLossTimeLeftAndTheGridsFinish() {
        GridWatch watch = new GridWatch(null, new PrintStream(new ByteArrayOutputStream()), false);
        String[] models = {"resnet50", "vgg16", "mobilenetv3-large"};
        String[] modes = {"none", "partial", "full"};
        String[] variants = {"raw", "undersampled", "clahe+smote"};
        int n = 0;
        for (String model : models) {
            for (String mode : modes) {
                for (String variant : variants) {
                    ObjectNode u = JSON.createObjectNode().put("experimentId", String.format("%08d-run", n))
                            .put("model", model).put("transferMode", mode).put("variant", variant)
                            .put("epochs", 10);
                    if (n < 5) {
                        u.put("status", "COMPLETED").put("epoch", 10).put("trainLoss", 0.41234);
                    } else if (n < 7) {
                        // Two trainers: 4 epochs done at 30 s each, 6 to go.
                        u.put("status", "TRAINING").put("epoch", 4).put("trainLoss", 1.2345).put("etaSeconds", 180.0);
                    } else {
                        u.put("status", "WAITING").put("epoch", 0).put("queuePosition", n - 6);
                    }
                    watch.accept(u);
                    n++;
                }
            }
        }
        String table = watch.render("paper", Instant.parse("2026-12-02T10:00:00Z"));
        List<String> lines = table.lines().toList();
        assertEquals(2 + 27, lines.size(), table);
        for (String line : lines) {
            assertTrue(line.length() <= GridWatch.WIDTH, line.length() + " columns: " + line);
        }
        assertTrue(lines.get(0).startsWith("grid paper: 5 of 27 ended, 2 training, 20 waiting for a trainer; finish "),
                lines.get(0));
        String waiting = lines.stream().filter(l -> l.startsWith("00000007")).findFirst().orElseThrow();
        assertTrue(waiting.contains("WAITING #1"), waiting);
        String training = lines.stream().filter(l -> l.startsWith("00000005")).findFirst().orElseThrow();
        assertTrue(training.contains("TRAINING") && training.contains("4/10") && training.contains("1.2345")
                && training.contains("3m 00s"), training);
        // The waiting runs of a model seen training are estimated at its pace; the others are not known yet, so the
        // grid's finish is a lower bound.
        assertTrue(lines.get(0).contains("finish after"), lines.get(0));
    }

    @Test
    void aGridWhoseRunsHaveAllEndedIsDone() {
        GridWatch watch = new GridWatch(null, new PrintStream(new ByteArrayOutputStream()), false);
        watch.accept(JSON.createObjectNode().put("experimentId", "aaaaaaaa-1").put("model", "small-cnn")
                .put("transferMode", "none").put("variant", "raw").put("status", "COMPLETED").put("epoch", 2)
                .put("epochs", 2));
        String head = watch.render("g", Instant.now()).lines().findFirst().orElseThrow();
        assertEquals("grid g: 1 of 1 ended, 0 training, 0 waiting for a trainer; done", head);
    }
}
