package dev.ferlab.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.ClassMetrics;
import dev.ferlab.common.messaging.ClassCoverage;
import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.EvaluationPrepared;
import dev.ferlab.common.messaging.EvaluationRequested;
import dev.ferlab.common.messaging.ExperimentCancelled;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.Stage;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.ExperimentSubmission;
import dev.ferlab.common.spec.SpecValidator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesJsonTest {
    private static final ExperimentSpec SPEC = SpecValidator.validate(
            new ExperimentSubmission("/data/ck48", null, "small-cnn", "none", 3, 16, 0.01, 7L, null, 2));
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private static <T> void roundTrips(T message) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) message.getClass();
        assertEquals(message, Json.fromBytes(Json.toBytes(message), type));
    }

    @Test
    void everyMessageRoundTrips() {
        roundTrips(new ExperimentRequested("e1", SPEC, AT));
        roundTrips(new ShardsReady("e1", SPEC, "abc", "abc/manifest.json", List.of("anger", "fear"), 8, 1, 1, true,
                new dev.ferlab.common.shards.LeakageAudit(4, new dev.ferlab.common.shards.LeakageAudit.SplitLeakage(
                        1, 0, 1, 0), new dev.ferlab.common.shards.LeakageAudit.SplitLeakage(1, 0, 0, 0))));
        roundTrips(new ShardsReady("e1", SPEC, "abc", "abc/manifest.json", List.of("anger", "fear"), 8, 1, 1, true,
                null));
        roundTrips(new TrainingProgress("e1", 2, 3, 0.5, 0.8, 0.6, 0.7, 120.5, 3.2));
        roundTrips(new ModelTrained("e1", SPEC, "abc", "abc/manifest.json", "experiments/e1/", List.of("a"), 3, 9.5, 1));
        roundTrips(new EvaluationCompleted(null, "e1", "/data/ck48", "test", List.of("a", "b"), 4, 0.75, 0.8, 0.7,
                0.72, 0.8, 0.75, 0.74, 0.5, List.of(new ClassMetrics("a", 1, 0.5, 0.667, 2, 1)),
                List.of(List.of(1L, 1L), List.of(0L, 2L)), 0.61, null, "experiments/e1/evaluations/x/test.json", AT));
        EvaluationRequested request = new EvaluationRequested("r1", "e1", SPEC, "dataset:fer", "all", AT);
        roundTrips(request);
        roundTrips(new EvaluationPrepared(request, "abc", "abc/manifest.json"));
        roundTrips(new EvaluationFailed("r1", "e1", "dataset:fer", Stage.PREPROCESS, "no such dataset", AT));
        roundTrips(new EvaluationCompleted("r1", "e1", "dataset:fer", "all", List.of("a", "b"), 4, 0.75, 0.8, 0.7,
                0.72, 0.8, 0.75, 0.74, 0.5, List.of(new ClassMetrics("a", 1, 0.5, 0.667, 2, 1)),
                List.of(List.of(1L, 1L), List.of(0L, 2L)), null,
                new ClassCoverage(List.of("contempt"), List.of("neutral"), 5, 1, 0.2), "k", AT));
        roundTrips(new ExperimentFailed("e1", Stage.PREPROCESS, "dataset path /x does not exist", AT));
        roundTrips(new ExperimentCancelled("e1", AT));
    }

    @Test
    void enumsUseTheirShortIds() {
        String json = Json.toString(new ExperimentRequested("e1", SPEC, AT));
        assertTrue(json.contains("\"model\":\"small-cnn\""), json);
        assertTrue(json.contains("\"transferMode\":\"none\""), json);
        assertTrue(json.contains("\"balancing\":\"none\""), json);
        assertTrue(json.contains("\"requestedAt\":\"2026-11-24T10:00:00Z\""), json);
        assertTrue(Json.toString(new ExperimentFailed("e", Stage.TRAIN, "r", AT)).contains("\"stage\":\"train\""));
    }

    @Test
    void unknownFieldsAreIgnoredSoNewerProducersDoNotBreakConsumers() {
        String json = "{\"experimentId\":\"e1\",\"stage\":\"evaluate\",\"reason\":\"x\",\"extra\":1}";
        ExperimentFailed f = Json.fromBytes(json.getBytes(), ExperimentFailed.class);
        assertEquals(Stage.EVALUATE, f.stage());
    }

    @Test
    void malformedJsonSaysWhichType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.fromBytes("not json".getBytes(), ShardsReady.class));
        assertTrue(e.getMessage().contains("ShardsReady"), e.getMessage());
    }

    @Test
    void aMessageWithoutExperimentIdIsRefusedSoItReachesTheDeadLetterTopic() {
        assertThrows(IllegalArgumentException.class,
                () -> Json.message("{\"stage\":\"train\"}", ExperimentFailed.class, ExperimentFailed::experimentId));
        assertThrows(IllegalArgumentException.class,
                () -> Json.message("not json", ExperimentFailed.class, ExperimentFailed::experimentId));
        assertThrows(IllegalArgumentException.class,
                () -> Json.message(null, ExperimentFailed.class, ExperimentFailed::experimentId));
        assertEquals("e9", Json.message("{\"experimentId\":\"e9\"}", ExperimentFailed.class,
                ExperimentFailed::experimentId).experimentId());
    }

    @Test
    void failureReasonPrefersTheUsefulMessage() {
        Exception e = new RuntimeException("wrapped", new IOException("dataset path /nope does not exist"));
        assertEquals("dataset path /nope does not exist", ExperimentFailed.readableReason(e));
    }
}
