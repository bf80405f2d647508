package dev.ferlab.e2e;

import static dev.ferlab.e2e.E2e.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Training is reproducible for a seed (on one machine: README, "Reproducibility"): one spec trained alone, then
 * again on the other trainer while another experiment trains beside it, gives the same losses, accuracies and test
 * metrics, to the last bit.
 */
@ExtendWith(E2eStack.class)
class ReproducibilityIT {
    private static final String SPEC = "{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\","
            + "\"epochs\":3,\"seed\":97}";

    @Test
    void aSpecTrainedAloneAndBesideAnotherExperimentGivesTheSameLossesAndMetrics() throws Exception {
        JsonNode alone = awaitFinal(submit(SPEC), EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", alone.path("status").asText(), alone.path("failure").toString());
        String aloneTrainer = trainerOf(alone.path("id").asText());

        // Another experiment takes one trainer; the spec, submitted while it trains, takes the other.
        String other = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":20,"
                + "\"seed\":98,\"preprocessing\":\"clahe\"}");
        String otherTrainer = holderAfterEpochs(other, 1);
        String again = submit(SPEC);
        JsonNode beside = awaitFinal(again, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", beside.path("status").asText(), beside.path("failure").toString());
        assertNotEquals(otherTrainer, trainerOf(again), "the two trained side by side, on the two trainers");
        JsonNode stillTraining = gateway.get("/api/experiments/" + other).body();
        assertEquals("TRAINING", stillTraining.path("status").asText(), "the other one trained all along");
        System.out.printf("reproducibility: alone on %s; again on %s while %s trained on %s%n", aloneTrainer,
                trainerOf(again), other, otherTrainer);

        assertEquals(numbers(alone.path("curve")), numbers(beside.path("curve")), "every epoch's losses and "
                + "accuracies, bit for bit");
        for (String metric : List.of("accuracy", "macroF1", "macroPrecision", "macroRecall", "loss")) {
            assertEquals(alone.path("result").path(metric).asDouble(), beside.path("result").path(metric).asDouble(),
                    0.0, metric);
        }
        assertEquals(alone.path("result").path("confusionMatrix"), beside.path("result").path("confusionMatrix"));
        assertTrue(alone.path("curve").size() == 3);
        gateway.post("/api/experiments/" + other + "/cancel", "");
        Await.until("the other experiment to stop", Duration.ofMinutes(1), () -> queueRow(other),
                row -> row.get(0).equals("CANCELLED"));
    }

    /** Each epoch's train and validation loss and accuracy, in order (not its speed). */
    private static List<Double> numbers(JsonNode curve) {
        List<Double> values = new ArrayList<>();
        for (JsonNode epoch : curve) {
            for (String f : List.of("trainLoss", "trainAccuracy", "validationLoss", "validationAccuracy")) {
                values.add(epoch.path(f).asDouble());
            }
        }
        return values;
    }

    /** The trainer that trained (or trains) the experiment, from the training queue. */
    private static String trainerOf(String id) throws Exception {
        String holder = sql("SELECT holder FROM training_queue WHERE experiment_id = ?", id);
        if (holder == null) {
            // Finished rows keep no holder; the trainers' logs say who claimed it.
            for (String t : List.of("trainer-service", "trainer-service-2")) {
                if (log(t).contains("experiment " + id + " claimed")) {
                    return t;
                }
            }
        }
        return holder == null ? "unknown" : holder.substring(holder.lastIndexOf('/') + 1);
    }
}
