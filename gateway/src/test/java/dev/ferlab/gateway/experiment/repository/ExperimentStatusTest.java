package dev.ferlab.gateway.experiment.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting for a trainer is its own status, between preparing the data and training, and only moves forward. */
class ExperimentStatusTest {

    @Test
    void waitingComesAfterPreprocessingAndBeforeTraining() {
        assertEquals(List.of("QUEUED", "PREPROCESSING", "WAITING", "TRAINING", "EVALUATING", "COMPLETED", "FAILED",
                "CANCELLED"), Arrays.stream(ExperimentStatus.values()).map(Enum::name).toList());
        assertTrue(ExperimentStatus.WAITING.canMoveTo(ExperimentStatus.TRAINING), "a trainer took it");
        assertTrue(ExperimentStatus.PREPROCESSING.canMoveTo(ExperimentStatus.TRAINING),
                "an epoch reported before the shards' event arrived moves it on");
        assertFalse(ExperimentStatus.TRAINING.canMoveTo(ExperimentStatus.WAITING),
                "a late shards.ready does not make a held run look idle");
        assertTrue(ExperimentStatus.WAITING.canMoveTo(ExperimentStatus.FAILED));
        assertFalse(ExperimentStatus.WAITING.isFinal());
    }

    @Test
    void everyStatusSaysWhatItMeans() {
        for (ExperimentStatus s : ExperimentStatus.values()) {
            assertFalse(s.description().isBlank(), s.name());
        }
        assertTrue(ExperimentStatus.WAITING.description().contains("trainers' queue"));
        assertTrue(ExperimentStatus.TRAINING.description().contains("trainer holds it"));
    }
}
