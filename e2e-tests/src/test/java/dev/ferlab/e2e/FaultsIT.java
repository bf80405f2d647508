package dev.ferlab.e2e;

import static dev.ferlab.e2e.E2e.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferlab.common.messaging.ConsumerGroups;
import dev.ferlab.common.messaging.Topics;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults of the infrastructure, staged for real on the local stack: the object store, the database and the broker
 * stopped while the pipeline works, a message lost, a model file that cannot be read, a poison message. None
 * fails an experiment, strands it or loses a message; each test checks the fault really met the work (the service
 * said it was waiting it out) before it lets the part come back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eStack.class)
class FaultsIT {
    private static final Duration FAULT_SEEN = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Each service's HTTP port, as PipelineServices starts them. */
    private static final Map<String, Integer> PORTS = Map.of("gateway", PipelineServices.GATEWAY_PORT,
            "preprocess-service", PipelineServices.GATEWAY_PORT + 1, "trainer-service", PipelineServices.GATEWAY_PORT
                    + 2, "trainer-service-2", PipelineServices.GATEWAY_PORT + 12, "evaluator-service",
            PipelineServices.GATEWAY_PORT + 3);

    @Test
    @Order(1)
    void anObjectStoreOutageDuringTrainingIsWaitedOutWithoutFailingOrRepeatingAnything() throws Exception {
        int epochs = 6;
        long deadLetters = deadLetterRecords();
        String id = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":" + epochs
                + ",\"batchSize\":16,\"seed\":61}");
        String holder = holderAfterEpochs(id, 1);
        stack.stop("s3proxy");
        // Training goes on in memory; the next checkpoint's upload meets the outage and waits.
        awaitLogLine(holder, FAULT_SEEN, "experiment " + id + ": storing the checkpoint of epoch",
                "waits out an infrastructure fault");
        stack.ensureRunning();

        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        assertEquals(0, e.path("resumedFromEpoch").asInt(), "the trainer waited; it did not start over");
        assertEpochsReportedOnce(e, epochs);
        assertEquals(3, evaluationRows(id), "one evaluation row per split");
        assertEquals(List.of("TRAINED", "1"), queueRow(id), "trained once, by one trainer");
        assertNull(findRecord(Topics.EXPERIMENTS_FAILED, id), "no failure was announced");
        assertEquals(deadLetters, deadLetterRecords(), "no message given up on");
    }

    @Test
    @Order(2)
    void aDatabaseRestartWhileTheEvaluatorWritesIsWaitedOutAndTheFirstQueryAfterItSucceeds() throws Exception {
        long deadLetters = deadLetterRecords();
        // ResNet50 scoring all 981 CK+48 images: an evaluation of several seconds, for the restart to land in.
        String id = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"resnet50\",\"epochs\":1,\"batchSize\":8,"
                + "\"maxBatchesPerEpoch\":2,\"seed\":71}");
        awaitLog("evaluator-service", "experiment " + id + ": evaluating the model", EXPERIMENT_DEADLINE);
        stack.stop("postgres");
        awaitLog("evaluator-service", "experiment " + id + ": evaluation waits out an infrastructure fault",
                FAULT_SEEN);
        stack.ensureRunning();
        // The pools held connections to the server that went away: each is checked before use and replaced.
        GatewayApi.Answer first = gateway.get("/api/experiments/" + id);
        assertEquals(200, first.status(), "the gateway's first query after the restart: " + first.body());

        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        assertEquals(3, evaluationRows(id), "exactly one row per split, none lost, none twice");
        assertNull(findRecord(Topics.EXPERIMENTS_FAILED, id), "no failure was announced");
        assertEquals(deadLetters, deadLetterRecords(), "no message given up on");
    }

    @Test
    @Order(3)
    void aServiceIdleThroughADatabaseRestartRunsItsFirstQueriesOnFreshConnections() throws Exception {
        // Nothing asks the evaluator anything while the database restarts: its pool still holds the connections
        // that died with the server, and only checking them before use keeps its first query from failing.
        stack.stop("postgres");
        stack.ensureRunning();
        int mark = log("evaluator-service").length();
        String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":1,"
                + "\"maxBatchesPerEpoch\":2,\"seed\":79}");
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        String since = log("evaluator-service").substring(mark);
        assertTrue(since.contains("experiment " + id + ": evaluating the model"), since);
        assertFalse(since.contains("waits out"), "the evaluator's first queries after the restart failed:\n" + since);
    }

    @Test
    @Order(4)
    void whileADependencyIsAwayReadinessNamesItLivenessStaysUpAndTheFirstRequestsAfterItsReturnSucceed()
            throws Exception {
        Map<String, List<String>> users = Map.of(
                "postgres", List.of("gateway", "trainer-service", "trainer-service-2", "evaluator-service"),
                "s3proxy", List.copyOf(PORTS.keySet()),
                "kafka", List.copyOf(PORTS.keySet()));
        Map<String, String> checks = Map.of("postgres", "Database connections health check", "s3proxy",
                "object store", "kafka", "broker");
        for (String part : List.of("postgres", "s3proxy", "kafka")) {
            stack.stop(part);
            for (String service : users.get(part)) {
                JsonNode ready = Await.until(service + "'s readiness without " + part, Duration.ofSeconds(60),
                        () -> health(service, "ready"), h -> "DOWN".equals(check(h, checks.get(part))));
                assertEquals("DOWN", ready.path("status").asText(), ready.toString());
                JsonNode live = health(service, "live");
                assertEquals("UP", live.path("status").asText(), service + " stays alive without " + part + ": "
                        + live);
            }
            stack.ensureRunning();
            for (String service : PORTS.keySet()) {
                Await.until(service + " ready again after " + part + " returned", Duration.ofSeconds(90),
                        () -> health(service, "ready"), h -> "UP".equals(h.path("status").asText()));
            }
        }
        // The first requests that need each part after its restart are answered, not failed: a query, a dataset
        // import (its files to the object store; a few CK+48 images of two classes, a dataset of this test's own).
        assertEquals(200, gateway.get("/api/experiments?limit=1").status());
        java.nio.file.Path few = java.nio.file.Files.createTempDirectory("ferlab-e2e-few-");
        for (String label : List.of("happy", "surprise")) {
            java.nio.file.Files.createDirectories(few.resolve(label));
            try (var files = java.nio.file.Files.list(datasets.resolve("ck48").resolve(label))) {
                for (java.nio.file.Path f : files.sorted().limit(3).toList()) {
                    java.nio.file.Files.copy(f, few.resolve(label).resolve(f.getFileName()));
                }
            }
        }
        GatewayApi.Answer imported = gateway.post("/api/datasets", "{\"path\":\"" + few + "\"}");
        assertEquals(201, imported.status(), imported.body().toString());
        String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":1,"
                + "\"maxBatchesPerEpoch\":3,\"seed\":67}");
        assertEquals("COMPLETED", awaitFinal(id, EXPERIMENT_DEADLINE).path("status").asText());
    }

    @Test
    @Order(5)
    void aSubmissionWhileTheBrokerIsAwayIsAcceptedStoredWithItsEventAndRunsOnceItReturns() throws Exception {
        stack.stop("kafka");
        String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":2,"
                + "\"maxBatchesPerEpoch\":4,\"seed\":73}");
        assertEquals("QUEUED", gateway.get("/api/experiments/" + id).body().path("status").asText());
        assertEquals("1", sql("SELECT count(*) FROM outbox WHERE message_key = ? AND topic = ? AND sent_at IS NULL",
                id, Topics.EXPERIMENTS_REQUESTED), "its request waits in the outbox");
        stack.ensureRunning();
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        assertEquals("0", sql("SELECT count(*) FROM outbox WHERE message_key = ? AND sent_at IS NULL", id));
        assertEpochsReportedOnce(e, 2);
        assertEquals(3, evaluationRows(id));
    }

    @Test
    @Order(6)
    void aCancellationMadeWhileTheBrokerIsAwayStillStopsTheTrainer() throws Exception {
        String id = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":60,\"seed\":43}");
        String holder = holderAfterEpochs(id, 1);
        stack.stop("kafka");
        GatewayApi.Answer cancelled = gateway.post("/api/experiments/" + id + "/cancel", "");
        assertEquals(200, cancelled.status(), cancelled.body().toString());
        assertEquals("CANCELLED", cancelled.body().path("status").asText());
        stack.ensureRunning();
        Await.until("the queue row of " + id + " closed as cancelled", Duration.ofMinutes(3), () -> queueRow(id),
                row -> row.get(0).equals("CANCELLED"));
        awaitLog(holder, "experiment " + id + " abandoned", Duration.ofMinutes(2));
        assertFalse(objectStore().exists(Buckets.MODELS, "experiments/" + id + "/final/model.params"),
                "no final model");
        assertEquals(0, evaluationRows(id));
    }

    @Test
    @Order(7)
    void anExperimentWhoseMessageWasLostIsNoticedAsStalledAndDrivenOnToItsEnd() throws Exception {
        services.stop("trainer-service");
        services.stop("trainer-service-2");
        String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":2,"
                + "\"maxBatchesPerEpoch\":4,\"seed\":83}");
        // No trainer runs: its shards are ready and it waits for one, which is not training.
        awaitStatus(id, "WAITING", EXPERIMENT_DEADLINE);
        // The trainers' copy of shards.ready is lost, as retention or a broken disk would lose it.
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.endpoints().kafkaBootstrap());
        try (Admin admin = Admin.create(p); var consumer = reader()) {
            Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
            List<TopicPartition> parts = consumer.partitionsFor(Topics.SHARDS_READY).stream()
                    .map(i -> new TopicPartition(Topics.SHARDS_READY, i.partition())).toList();
            consumer.endOffsets(parts).forEach((tp, end) -> all.put(tp, RecordsToDelete.beforeOffset(end)));
            admin.deleteRecords(all).all().get();
        }
        services.ensureRunning();
        JsonNode stalled = Await.until("experiment " + id + " shown stalled and driven on", Duration.ofMinutes(3),
                () -> gateway.get("/api/experiments/" + id).body(),
                e -> !e.path("stalledSince").isNull() && e.path("retries").asInt() >= 1
                        || e.path("status").asText().equals("COMPLETED"));
        assertTrue(stalled.path("retries").asInt() >= 1, "driven on at least once: " + stalled);
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        assertTrue(e.path("stalledSince").isNull(), "no longer stalled once it moved: " + e);
        assertEpochsReportedOnce(e, 2);
        assertEquals(3, evaluationRows(id));
        assertEquals(List.of("TRAINED", "1"), queueRow(id), "queued and trained once");
        assertTrue(log("gateway").contains("experiment " + id + ": no progress in WAITING"), "the gateway said why");
    }

    @Test
    @Order(8)
    void theStallIsShownByTheCli() throws Exception {
        services.stop("evaluator-service");
        String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":1,"
                + "\"maxBatchesPerEpoch\":2,\"seed\":87}");
        awaitStatus(id, "EVALUATING", EXPERIMENT_DEADLINE);
        // Back-date its last progress past the evaluation deadline, rather than wait the deadline out.
        sql("UPDATE experiment SET progress_at = progress_at - interval '1 hour' WHERE id = ? RETURNING id", id);
        Await.until("experiment " + id + " shown stalled", Duration.ofMinutes(1),
                () -> gateway.get("/api/experiments/" + id).body(), e -> !e.path("stalledSince").isNull());
        services.ferlab("status", id);
        String shown = services.output("status");
        assertTrue(shown.contains("STALLED since") && shown.contains("driven on 1 time"), shown);
        services.ensureRunning();
        assertEquals("COMPLETED", awaitFinal(id, EXPERIMENT_DEADLINE).path("status").asText());
        assertEquals(3, evaluationRows(id), "the request published again evaluated nothing twice");
    }

    @Test
    @Order(9)
    void aRetryOfAnExperimentWhoseEvaluationFailedEvaluatesItsStoredModelWithoutTrainingAgain() throws Exception {
        services.stop("evaluator-service");
        String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":2,"
                + "\"maxBatchesPerEpoch\":4,\"seed\":89}");
        awaitStatus(id, "EVALUATING", EXPERIMENT_DEADLINE);
        ObjectStore store = objectStore();
        String params = "experiments/" + id + "/final/model.params";
        byte[] model = store.get(Buckets.MODELS, params);
        store.put(Buckets.MODELS, params, "not a model".getBytes(), "application/octet-stream");
        services.ensureRunning();
        JsonNode failed = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertEquals("evaluate", failed.path("failure").path("stage").asText());

        store.put(Buckets.MODELS, params, model, "application/octet-stream");
        GatewayApi.Answer retried = gateway.post("/api/experiments/" + id + "/retry", "");
        assertEquals(202, retried.status(), retried.body().toString());
        assertEquals(id, retried.body().path("id").asText(), "the same experiment, evaluated again");
        assertEquals("EVALUATING", retried.body().path("status").asText());
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        assertEquals(List.of("TRAINED", "1"), queueRow(id), "trained once: the retry did not train it again");
        assertTrue(log("trainer-service").contains("experiment " + id + " was trained already")
                || log("trainer-service-2").contains("experiment " + id + " was trained already"),
                "a trainer announced the stored model instead of training");
        assertEpochsReportedOnce(e, 2);
        assertEquals(3, evaluationRows(id));
    }

    @Test
    @Order(10)
    void deadLettersAreListedWithTheirGroupAndReasonAndReplayedOnce() throws Exception {
        String poison = "not json " + UUID.randomUUID();
        produce(Topics.EXPERIMENTS_REQUESTED, "poison-" + UUID.randomUUID(), poison);
        JsonNode letter = Await.until("the poison message listed as a dead letter", Duration.ofMinutes(2),
                () -> deadLetter(poison, false), d -> d != null);
        assertEquals(ConsumerGroups.PREPROCESS, letter.path("group").asText(), letter.toString());
        assertEquals(Topics.EXPERIMENTS_REQUESTED, letter.path("topic").asText());
        assertEquals(Topics.deadLetter(ConsumerGroups.PREPROCESS, Topics.EXPERIMENTS_REQUESTED),
                letter.path("deadLetterTopic").asText());
        assertTrue(letter.path("reason").asText().contains("malformed"), letter.toString());
        services.ferlab("dlq");
        assertTrue(services.output("dlq").contains(letter.path("id").asText()), services.output("dlq"));

        String id = letter.path("id").asText();
        JsonNode replayed = gateway.post("/api/dead-letters/replay", "{\"ids\":[\"" + id + "\"]}").body();
        assertEquals(List.of(id), List.of(replayed.path("replayed").get(0).asText()), replayed.toString());
        JsonNode again = gateway.post("/api/dead-letters/replay", "{\"ids\":[\"" + id + "\"]}").body();
        assertEquals(0, again.path("replayed").size(), again.toString());
        assertEquals(id, again.path("alreadyReplayed").get(0).asText(), "a record is replayed once");
        // The replay reached its consumer, which gave up on it again, as it must on a message that is not JSON.
        JsonNode second = Await.until("the replayed poison back as a new dead letter", Duration.ofMinutes(2),
                () -> deadLetter(poison, false), d -> d != null && !d.path("id").asText().equals(id));
        assertFalse(second.path("id").asText().equals(id));
        assertEquals(401, gateway.withoutToken().post("/api/dead-letters/replay", "{}").status());
    }

    /** The dead letter whose message is {@code value}, among those waiting (or all), or null. */
    private static JsonNode deadLetter(String value, boolean all) throws Exception {
        for (JsonNode d : gateway.get("/api/dead-letters" + (all ? "?all=true" : "")).body()) {
            if (value.equals(d.path("value").asText())) {
                return d;
            }
        }
        return null;
    }

    private static JsonNode health(String service, String kind) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.get(service)
                + "/q/health/" + kind)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The status of the named check in a health answer, or null when it is not there. */
    private static String check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c.path("status").asText();
            }
        }
        return null;
    }
}
