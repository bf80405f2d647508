package dev.ferlab.e2e;

import static dev.ferlab.e2e.E2e.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferlab.common.messaging.Topics;
import dev.ferlab.common.shards.ShardManifest;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.common.storage.ObjectStoreSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;


/**
 * The whole pipeline, as a user drives it: the four packaged services on a real Kafka broker, S3-compatible server
 * and PostgreSQL, an experiment submitted over HTTP, its rows read back from PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eStack.class)
class PipelineIT {
    /** Test 6's experiment: a small-cnn trained on CK+48 for 8 epochs. */
    private static final String CK48_EXPERIMENT = "\"model\":\"small-cnn\",\"epochs\":8,\"seed\":7";
    /**
     * Tests of what training does (the study's models, early stopping, fine-tuning), which do not depend on where the
     * broker, object store and database run: the container pass leaves them to the local pass (scripts/test.sh).
     */
    static final String TRAINING_LOGIC = "training-logic";
    /**
     * Made by the tests that check them (6, 9, 4), and by the first later test that needs one when that test did
     * not run or failed first: no test depends on another's success.
     */
    private static String ck48Experiment;
    private static String fer2013Reference;
    private static String failedExperiment;

    private static synchronized String ck48Experiment() throws Exception {
        if (ck48Experiment == null) {
            JsonNode e = awaitFinal(submit("{\"dataset\":\"" + ck48() + "\"," + CK48_EXPERIMENT + "}"),
                    EXPERIMENT_DEADLINE);
            assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
            ck48Experiment = e.path("id").asText();
        }
        return ck48Experiment;
    }

    private static synchronized String fer2013Reference() throws Exception {
        if (fer2013Reference == null) {
            GatewayApi.Answer upload = gateway.postBytes("/api/datasets/upload?name=fer2013-sample&format=zip",
                    "application/zip", zipFolder(datasets.resolve("fer2013-sample"), null));
            assertTrue(upload.status() == 201 || upload.status() == 200, upload.body().toString());
            fer2013Reference = upload.body().path("reference").asText();
        }
        return fer2013Reference;
    }

    private static synchronized String failedExperiment() throws Exception {
        if (failedExperiment == null) {
            JsonNode e = awaitFinal(submit("{\"dataset\":\"/nonexistent/ferlab-e2e-" + UUID.randomUUID()
                    + "\",\"model\":\"small-cnn\",\"epochs\":1}"), Duration.ofMinutes(2));
            assertEquals("FAILED", e.path("status").asText(), e.toString());
            failedExperiment = e.path("id").asText();
        }
        return failedExperiment;
    }

    @Test
    @Order(1)
    void unknownModelIsA400NamingTheField() throws Exception {
        GatewayApi.Answer a = gateway.post("/api/experiments",
                "{\"dataset\":\"" + ck48() + "\",\"model\":\"alexnet\",\"epochs\":2}");
        assertEquals(400, a.status(), a.body().toString());
        assertEquals("model", a.body().path("fields").path(0).path("field").asText(), a.body().toString());
        assertTrue(a.body().path("fields").path(0).path("message").asText().contains("resnet50"));
    }

    @Test
    @Order(2)
    void negativeEpochsAreA400NamingTheField() throws Exception {
        GatewayApi.Answer a = gateway.post("/api/experiments",
                "{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":-3}");
        assertEquals(400, a.status(), a.body().toString());
        assertEquals("epochs", a.body().path("fields").path(0).path("field").asText(), a.body().toString());
        assertTrue(a.body().path("fields").path(0).path("message").asText().contains("-3"));
    }

    @Test
    @Order(3)
    void unknownExperimentIsA404() throws Exception {
        assertEquals(404, gateway.get("/api/experiments/" + UUID.randomUUID()).status());
    }

    @Test
    @Order(4)
    void aMissingDatasetFailsTheExperimentWithThatReason() throws Exception {
        String missing = "/nonexistent/ferlab-e2e-" + UUID.randomUUID();
        String id = submit("{\"dataset\":\"" + missing + "\",\"model\":\"small-cnn\",\"epochs\":1}");
        JsonNode e = awaitFinal(id, Duration.ofMinutes(2));
        assertEquals("FAILED", e.path("status").asText(), e.toString());
        assertEquals("preprocess", e.path("failure").path("stage").asText());
        String reason = e.path("failure").path("reason").asText();
        assertTrue(reason.contains(missing) && reason.contains("does not exist"), reason);
        failedExperiment = id;
    }

    @Test
    @Order(5)
    void aMalformedMessageGoesToTheDeadLetterTopicAndThePipelineGoesOn() throws Exception {
        String poison = "not json " + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrap());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.EXPERIMENTS_REQUESTED, "poison", poison)).get();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-dlq-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetter(dev.ferlab.common.messaging.ConsumerGroups.PREPROCESS, Topics.EXPERIMENTS_REQUESTED)));
            List<String> seen = new ArrayList<>();
            Await.until("the poison message on " + Topics.deadLetter(dev.ferlab.common.messaging.ConsumerGroups.PREPROCESS, Topics.EXPERIMENTS_REQUESTED),
                    Duration.ofSeconds(90), () -> {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            seen.add(r.value() == null ? "<null>" : new String(r.value()));
                            r.headers().forEach(h -> seen.add(h.key() + "=" + new String(h.value())));
                        }
                        return seen;
                    }, s -> s.stream().anyMatch(v -> v.contains(poison)));
        }
    }

    @Test
    @Order(6)
    void anExperimentOnCk48EndsWithWellFormedMetricsAboveTheMajorityBaseline() throws Exception {
        int epochs = 8;
        String id = submit("{\"dataset\":\"" + ck48() + "\"," + CK48_EXPERIMENT + "}");
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), "experiment ended " + e.path("status") + ": "
                + e.path("failure") + " (service logs in " + services.logs() + ")");
        ck48Experiment = id;

        // Events arrive on several topics in any order; what each says is kept (the shard set id among them).
        assertEquals(32, e.path("shardSetId").asText().length(), e.toString());
        // The preprocessor reported its steps, and the experiment went past them.
        assertEquals(5, e.path("preprocessing").path("total").asInt(), e.path("preprocessing").toString());
        assertEquals("done", e.path("preprocessing").path("step").asText());

        // Every epoch reported, with finite losses.
        JsonNode curve = e.path("curve");
        assertEquals(epochs, curve.size(), curve.toString());
        for (JsonNode epoch : curve) {
            assertTrue(epoch.path("trainLoss").isNumber() && epoch.path("validationLoss").isNumber(),
                    epoch.toString());
            assertTrue(epoch.path("imagesPerSecond").asDouble() > 0, epoch.toString());
        }

        // The rows in PostgreSQL, read directly.
        double apiAccuracy = e.path("result").path("accuracy").asDouble();
        int expectedTestSize = expectedTestSplitSize(datasets.resolve("ck48"));
        try (Connection db = connect()) {
            long evaluationId;
            double accuracy;
            try (PreparedStatement st = db.prepareStatement("SELECT id, size, accuracy, macro_precision, "
                    + "macro_recall, macro_f1, majority_baseline, confusion_matrix::text, loss, predictions_key "
                    + "FROM evaluation WHERE experiment_id = ? AND split = 'test'")) {
                st.setString(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    assertTrue(rs.next(), "no evaluation row for " + id);
                    evaluationId = rs.getLong("id");
                    assertEquals(expectedTestSize, rs.getLong("size"), "test split size");
                    accuracy = rs.getDouble("accuracy");
                    for (String metric : List.of("accuracy", "macro_precision", "macro_recall", "macro_f1")) {
                        double v = rs.getDouble(metric);
                        assertTrue(v >= 0 && v <= 1, metric + " = " + v);
                    }
                    long[][] confusion = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readValue(rs.getString("confusion_matrix"), long[][].class);
                    assertEquals(7, confusion.length);
                    long total = 0;
                    long diagonal = 0;
                    for (int i = 0; i < confusion.length; i++) {
                        assertEquals(7, confusion[i].length);
                        for (long v : confusion[i]) {
                            total += v;
                        }
                        diagonal += confusion[i][i];
                    }
                    assertEquals(expectedTestSize, total, "the confusion matrix sums to the split size");
                    assertEquals(diagonal / (double) total, accuracy, 1e-9, "accuracy is the diagonal's share");
                    assertEquals(accuracy, apiAccuracy, 1e-12, "the API shows what PostgreSQL holds");
                    assertRecomputableFromStoredPredictions(rs.getString("predictions_key"), accuracy,
                            rs.getDouble("loss"), expectedTestSize);
                    assertFalse(rs.next(), "exactly one test evaluation row");
                }
            }
            // The train and validation splits are evaluated too: together the three are the whole dataset.
            Map<String, Long> sizes = new LinkedHashMap<>();
            Map<String, Double> accuracies = new LinkedHashMap<>();
            try (PreparedStatement st = db.prepareStatement("SELECT split, size, accuracy FROM evaluation "
                    + "WHERE experiment_id = ? ORDER BY split")) {
                st.setString(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        sizes.put(rs.getString(1), rs.getLong(2));
                        accuracies.put(rs.getString(1), rs.getDouble(3));
                    }
                }
            }
            assertEquals(List.of("test", "train", "validation"), List.copyOf(sizes.keySet()));
            assertEquals(981, sizes.values().stream().mapToLong(Long::longValue).sum(), sizes.toString());
            assertEquals(accuracies.get("train"), e.path("accuracy").path("train").asDouble(), 1e-12);
            assertEquals(accuracies.get("validation"), e.path("accuracy").path("validation").asDouble(), 1e-12);
            long maxSupport = 0;
            long supportSum = 0;
            List<String> labels = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement("SELECT label, precision, recall, f1, support "
                    + "FROM class_metric WHERE evaluation_id = ? ORDER BY class_index")) {
                st.setLong(1, evaluationId);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        labels.add(rs.getString("label"));
                        for (String metric : List.of("precision", "recall", "f1")) {
                            double v = rs.getDouble(metric);
                            assertTrue(v >= 0 && v <= 1, rs.getString("label") + " " + metric + " = " + v);
                        }
                        maxSupport = Math.max(maxSupport, rs.getLong("support"));
                        supportSum += rs.getLong("support");
                    }
                }
            }
            assertEquals(List.of("anger", "contempt", "disgust", "fear", "happiness", "sadness", "surprise"), labels,
                    "CK+48's folders mapped to the canonical vocabulary, in canonical order");
            assertEquals(expectedTestSize, supportSum);
            double majority = maxSupport / (double) supportSum;
            assertTrue(accuracy > majority, "test accuracy " + accuracy + " must beat always predicting the "
                    + "majority class (" + majority + ")");
        }
    }

    @Test
    @Order(7)
    void theStudysThreeVariantsRunOnCk48AndTheirShardSetsSayWhatWasDone() throws Exception {
        ObjectStore store = new ObjectStore(new ObjectStoreSettings(stack.endpoints().s3Endpoint(),
                stack.endpoints().s3AccessKey(), stack.endpoints().s3SecretKey(), "us-east-1"));
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("raw", "{\"balancing\":\"none\"}");
        variants.put("undersampled", "{\"balancing\":\"undersample\"}");
        variants.put("clahe+smote", "{\"clahe\":true,\"balancing\":\"smote\"}");
        variants.put("raw by subject", "{\"balancing\":\"none\",\"groupBy\":\"ck-subject\"}");
        Map<String, ShardManifest> manifests = new LinkedHashMap<>();
        Map<String, JsonNode> leakage = new LinkedHashMap<>();
        for (Map.Entry<String, String> v : variants.entrySet()) {
            // Two short epochs: this test is about the data path; accuracy is the test above.
            String id = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":2,"
                    + "\"maxBatchesPerEpoch\":4,\"seed\":11,\"preprocessing\":" + v.getValue() + "}");
            JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
            assertEquals("COMPLETED", e.path("status").asText(), v.getKey() + ": " + e.path("failure"));
            manifests.put(v.getKey(), store.getJson(Buckets.SHARDS,
                    ShardManifest.manifestKey(e.path("shardSetId").asText()), ShardManifest.class));
            leakage.put(v.getKey(), e.path("leakage"));
        }
        // The leakage audit, in the manifest and the API alike: split image by image, CK+48's test frames have near
        // copies in training (their sequences' other frames); split by subject, none.
        for (Map.Entry<String, ShardManifest> m : manifests.entrySet()) {
            assertEquals(m.getValue().leakage().test().nearInTraining(), leakage.get(m.getKey()).path("test")
                    .path("nearInTraining").asInt(), m.getKey());
            assertEquals(m.getValue().split(Split.TEST).count(), m.getValue().leakage().test().images());
        }
        assertTrue(manifests.get("raw").leakage().test().nearInTraining() > 0, manifests.get("raw").leakage()
                .toString());
        ShardManifest bySubject = manifests.remove("raw by subject");
        assertEquals(0, bySubject.leakage().test().nearInTraining(), bySubject.leakage().toString());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Split s : Split.values()) {
            for (String subject : bySubject.split(s).groups()) {
                assertTrue(seen.add(subject), "subject " + subject + " in two splits");
            }
        }
        assertEquals(118, seen.size(), "CK+48's subjects, each in one split");
        assertEquals(null, manifests.get("raw").split(Split.TEST).groups(), "an ungrouped split lists no groups");
        List<Integer> rawTrain = manifests.get("raw").split(Split.TRAIN).countsPerClass();
        List<Integer> under = manifests.get("undersampled").split(Split.TRAIN).countsPerClass();
        List<Integer> smote = manifests.get("clahe+smote").split(Split.TRAIN).countsPerClass();
        int smallest = rawTrain.stream().min(Integer::compare).orElseThrow();
        int largest = rawTrain.stream().max(Integer::compare).orElseThrow();
        assertTrue(smallest < largest, "CK+48 is imbalanced: " + rawTrain);
        assertEquals(Collections.nCopies(7, smallest), under, "undersampled training split");
        assertEquals(Collections.nCopies(7, largest), smote, "SMOTE training split");
        assertTrue(manifests.get("clahe+smote").preprocessing().clahe());
        for (ShardManifest m : manifests.values()) {
            // Balancing touches the training split only: validation and test stay the same real images.
            assertEquals(manifests.get("raw").split(Split.TEST).countsPerClass(), m.split(Split.TEST).countsPerClass());
        }
        assertEquals(3, manifests.values().stream().map(ShardManifest::shardSetId).distinct().count());
        // Counts before and after balancing are both recorded.
        assertEquals(rawTrain, manifests.get("clahe+smote").classCounts().get("train"));
        assertEquals(smote, manifests.get("clahe+smote").classCounts().get("train.smote"));
        assertEquals(under, manifests.get("undersampled").classCounts().get("train.undersample"));
    }

    @Test
    @Order(8)
    void anIdenticalRequestReusesItsShardSetAndWritesNoNewObject() throws Exception {
        ObjectStore store = new ObjectStore(new ObjectStoreSettings(stack.endpoints().s3Endpoint(),
                stack.endpoints().s3AccessKey(), stack.endpoints().s3SecretKey(), "us-east-1"));
        String spec = "{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":1,"
                + "\"maxBatchesPerEpoch\":2,\"seed\":23,\"preprocessing\":{\"balancing\":\"undersample\"}}";
        JsonNode first = awaitFinal(submit(spec), EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", first.path("status").asText(), first.path("failure").toString());
        List<String> before = store.list(Buckets.SHARDS, "");
        JsonNode second = awaitFinal(submit(spec), EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", second.path("status").asText(), second.path("failure").toString());
        assertEquals(first.path("shardSetId").asText(), second.path("shardSetId").asText());
        assertEquals(before, store.list(Buckets.SHARDS, ""), "no new object in bucket shards");
    }

    @Test
    @Order(9)
    void datasetsAreRegisteredOnceRefusedWithNamedProblemsAndTrainedOn() throws Exception {
        GatewayApi.Answer ck = gateway.post("/api/datasets", "{\"path\":\"" + ck48() + "\",\"importId\":\"e2e-ck48\"}");
        assertEquals(201, ck.status(), ck.body().toString());
        JsonNode progress = gateway.get("/api/datasets/imports/e2e-ck48").body();
        assertEquals("DONE", progress.path("status").asText(), progress.toString());
        assertEquals(981, progress.path("done").asInt());
        assertEquals(ck.body().path("id").asText(), progress.path("datasetId").asText());
        assertEquals(981, ck.body().path("images").asInt());
        assertEquals(207, ck.body().path("classCounts").path("happiness").asInt());
        GatewayApi.Answer again = gateway.post("/api/datasets", "{\"path\":\"" + ck48() + "\"}");
        assertEquals(200, again.status(), "identical content is not registered twice");
        assertEquals(ck.body().path("id").asText(), again.body().path("id").asText());

        Path fer = datasets.resolve("fer2013-sample");
        byte[] ferZip = zipFolder(fer, null);
        GatewayApi.Answer upload = gateway.postBytes("/api/datasets/upload?name=fer2013-sample&format=zip",
                "application/zip", ferZip);
        assertEquals(201, upload.status(), upload.body().toString());
        fer2013Reference = upload.body().path("reference").asText();
        assertEquals(100, upload.body().path("classCounts").path("neutral").asInt());
        assertEquals(7, upload.body().path("classCounts").size());
        // Shown with its class counts and a few images of each class.
        JsonNode shown = gateway.get("/api/datasets/" + upload.body().path("id").asText()).body();
        assertEquals(100, shown.path("classCounts").path("happiness").asInt(), shown.toString());
        assertEquals(7, shown.path("samples").size(), shown.path("samples").toString());
        assertEquals(4, shown.path("samples").path("neutral").size());
        java.net.http.HttpResponse<byte[]> sample = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(services.gatewayUrl()
                        + shown.path("samples").path("neutral").get(0).asText())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, sample.statusCode());
        assertEquals("image/jpeg", sample.headers().firstValue("Content-Type").orElse(""));
        assertNotNull(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(sample.body())),
                "a sample is an image");
        assertEquals(404, gateway.get("/api/datasets/" + upload.body().path("id").asText()
                + "/samples/neutral/99").status());

        GatewayApi.Answer evil = gateway.postBytes("/api/datasets/upload?name=evil&format=zip&importId=e2e-evil",
                "application/zip", zipFolder(fer, "../outside.png"));
        assertEquals(400, evil.status(), evil.body().toString());
        assertEquals("FAILED", gateway.get("/api/datasets/imports/e2e-evil").body().path("status").asText());
        assertTrue(evil.body().path("fields").toString().contains("../outside.png")
                && evil.body().path("fields").toString().contains("leaves the archive root"), evil.body().toString());

        // A zip bomb: 16 MiB of zeros in one image entry, 16 KB deflated. Refused by its declared ratio before a
        // byte is inflated, naming the limit and its setting; nothing is registered.
        int registered = gateway.get("/api/datasets").body().size();
        java.io.ByteArrayOutputStream bombBytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream bomb = new java.util.zip.ZipOutputStream(bombBytes)) {
            bomb.putNextEntry(new java.util.zip.ZipEntry("happy/bomb.png"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 16; i++) {
                bomb.write(zeros);
            }
            bomb.closeEntry();
        }
        GatewayApi.Answer bomb = gateway.postBytes("/api/datasets/upload?name=bomb&format=zip", "application/zip",
                bombBytes.toByteArray());
        assertEquals(400, bomb.status(), bomb.body().toString());
        assertTrue(bomb.body().toString().contains("FERLAB_GATEWAY_IMPORTS_MAX_RATIO"), bomb.body().toString());
        assertEquals(registered, gateway.get("/api/datasets").body().size(), "nothing registered");

        // The same new content uploaded three times at once: one dataset, every answer naming it, none a 500.
        byte[] twin = zipFolder(fer, "happy/zz-twin.png");
        List<java.util.concurrent.CompletableFuture<GatewayApi.Answer>> twins = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            twins.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return gateway.postBytes("/api/datasets/upload?name=twin&format=zip", "application/zip", twin);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }));
        }
        java.util.Set<String> twinIds = new java.util.HashSet<>();
        int created = 0;
        for (var f : twins) {
            GatewayApi.Answer a = f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertTrue(a.status() == 201 || a.status() == 200, a.status() + " " + a.body());
            created += a.status() == 201 ? 1 : 0;
            twinIds.add(a.body().path("id").asText());
        }
        assertEquals(1, twinIds.size(), "one dataset: " + twinIds);
        assertEquals(1, created, "created once");
        assertEquals(registered + 1, gateway.get("/api/datasets").body().size());

        // As a job (Prefer: respond-async): 202 at once, with where to follow it. The import ends DONE naming its
        // dataset, or FAILED with the status and fields the synchronous answer would have had.
        GatewayApi.Answer job = gateway.postAsync("/api/datasets/upload?name=job&format=zip&importId=e2e-job",
                "application/zip", zipFolder(fer, "happy/zz-job.png"));
        assertEquals(202, job.status(), job.body().toString());
        assertEquals("/api/datasets/imports/e2e-job", job.location() == null ? null
                : java.net.URI.create(job.location()).getPath());
        JsonNode jobDone = awaitImport("e2e-job");
        assertEquals("DONE", jobDone.path("status").asText(), jobDone.toString());
        assertFalse(jobDone.path("existing").asBoolean(), jobDone.toString());
        assertEquals(701, gateway.get("/api/datasets/" + jobDone.path("datasetId").asText()).body().path("images")
                .asInt());
        GatewayApi.Answer pathJob = gateway.postAsync("/api/datasets", "application/json",
                ("{\"path\":\"" + ck48() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(202, pathJob.status(), pathJob.body().toString());
        JsonNode pathDone = awaitImport(pathJob.body().path("importId").asText());
        assertTrue(pathDone.path("existing").asBoolean(), "CK+48 is registered already: " + pathDone);
        assertEquals(ck.body().path("id").asText(), pathDone.path("datasetId").asText());
        GatewayApi.Answer evilJob = gateway.postAsync("/api/datasets/upload?name=evil&format=zip&importId=e2e-evil-job",
                "application/zip", zipFolder(fer, "../outside.png"));
        assertEquals(202, evilJob.status(), evilJob.body().toString());
        JsonNode evilDone = awaitImport("e2e-evil-job");
        assertEquals("FAILED", evilDone.path("status").asText(), evilDone.toString());
        assertEquals(400, evilDone.path("httpStatus").asInt(), evilDone.toString());
        assertTrue(evilDone.path("fields").toString().contains("../outside.png"), evilDone.toString());
        assertEquals(registered + 2, gateway.get("/api/datasets").body().size());

        // The CLI uploads a file and names what it registered.
        Path cliZip = Files.createTempFile("ferlab-cli-", ".zip");
        try {
            Files.write(cliZip, zipFolder(fer, "happy/zz-cli.png"));
            services.ferlab("dataset", "import", cliZip.toString(), "--upload", "--name", "cli-upload");
            String said = services.output("dataset");
            assertTrue(said.contains("imported dataset:") && said.contains("701 images in 7 classes"), said);
        } finally {
            Files.deleteIfExists(cliZip);
        }

        String id = submit("{\"dataset\":\"" + upload.body().path("reference").asText() + "\",\"model\":"
                + "\"small-cnn\",\"epochs\":1,\"maxBatchesPerEpoch\":3,\"seed\":5}");
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        assertEquals(70, e.path("result").path("size").asInt(), "10% of 7 x 100 images in the test split");

        // Trained on again (another seed): the data now comes from the preprocessor's local copy, made while the
        // first load read the store. A damaged copy is read from the store once more and fails nothing.
        String datasetId = upload.body().path("id").asText();
        assertTrue(java.util.regex.Pattern.compile("dataset " + datasetId + ": \\d+ bytes read from the object store")
                .matcher(log("preprocess-service")).find(), "the first load reads the store");
        Path copy;
        try (java.util.stream.Stream<Path> copies = Files.list(services.datasetsCache())) {
            copy = copies.filter(p -> p.getFileName().toString().startsWith(datasetId + "-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no local copy of " + datasetId));
        }
        long copied = Files.size(copy);
        for (long seed : new long[] {6, 8}) {
            JsonNode more = awaitFinal(submit("{\"dataset\":\"" + fer2013Reference + "\",\"model\":\"small-cnn\","
                    + "\"epochs\":1,\"maxBatchesPerEpoch\":3,\"seed\":" + seed + "}"), EXPERIMENT_DEADLINE);
            assertEquals("COMPLETED", more.path("status").asText(), more.path("failure").toString());
            assertEquals(70, more.path("result").path("size").asInt(), "seed " + seed);
            if (seed == 6) {
                assertTrue(log("preprocess-service").contains("dataset " + datasetId + ": its local copy read"),
                        "the second load reads the local copy");
                // Cut at its 1,000th byte: a copy that reads as fewer images than the dataset has.
                try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(copy,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    f.truncate(1_000);
                }
            }
        }
        assertTrue(log("preprocess-service").contains("dataset " + datasetId + ": local copy " + copy
                + " unreadable"), "the damaged copy was noticed");
        assertEquals(copied, Files.size(copy), "and made anew from the store");
    }

    private JsonNode awaitImport(String importId) throws Exception {
        return Await.until("the end of import " + importId, Duration.ofMinutes(2),
                () -> gateway.get("/api/datasets/imports/" + importId).body(),
                state -> !"RUNNING".equals(state.path("status").asText()));
    }

    @Test
    @Order(10)
    void aFer2013CsvWithUsageSplitsKeepsItsSplits() throws Exception {
        // A FER2013-style CSV made from the FER-2013 sample: per class 6 Training, 2 PublicTest, 2 PrivateTest rows.
        String[] ferLabels = {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"};
        StringBuilder csv = new StringBuilder("emotion,pixels,Usage\n");
        for (int label = 0; label < ferLabels.length; label++) {
            List<Path> files;
            try (Stream<Path> list = Files.list(datasets.resolve("fer2013-sample").resolve(ferLabels[label]))) {
                files = list.sorted().limit(10).toList();
            }
            for (int i = 0; i < files.size(); i++) {
                java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(files.get(i).toFile());
                StringBuilder pixels = new StringBuilder();
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        pixels.append(pixels.length() == 0 ? "" : " ").append(img.getRaster().getSample(x, y, 0));
                    }
                }
                String usage = i < 6 ? "Training" : i < 8 ? "PublicTest" : "PrivateTest";
                csv.append(label).append(',').append(pixels).append(',').append(usage).append('\n');
            }
        }
        GatewayApi.Answer upload = gateway.postBytes("/api/datasets/upload?name=fer-csv&format=csv&usageSplits=true",
                "text/csv", csv.toString().getBytes());
        assertEquals(201, upload.status(), upload.body().toString());
        assertEquals(10, upload.body().path("classCounts").path("neutral").asInt());
        String id = submit("{\"dataset\":\"" + upload.body().path("reference").asText() + "\",\"model\":"
                + "\"small-cnn\",\"epochs\":1,\"seed\":3}");
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        assertEquals(14, e.path("result").path("size").asInt(), "the PrivateTest rows are the test split");
    }

    @Test
    @Order(11)
    @org.junit.jupiter.api.Tag(TRAINING_LOGIC)
    void eachOfTheStudysModelsTrainsAndIsEvaluatedThroughThePipeline() throws Exception {
        // A tiny run each (the real code path, two batches an epoch): speed and accuracy belong to the benchmarks.
        for (String model : List.of("mobilenetv3-large", "resnet50", "vgg16")) {
            String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"" + model + "\",\"epochs\":1,"
                    + "\"batchSize\":8,\"maxBatchesPerEpoch\":2}");
            JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
            assertEquals("COMPLETED", e.path("status").asText(), model + ": " + e.path("failure"));
            assertEquals(96, e.path("result").path("size").asInt(), model);
            assertEquals(1, e.path("curve").size(), model);
        }
    }

    @Test
    @Order(12)
    void aTrainerKilledMidRunLeavesItsExperimentToTheOtherTrainerWhichResumesFromItsCheckpoint() throws Exception {
        int epochs = 8;
        String id = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":" + epochs
                + ",\"seed\":13}");
        String holder = holderAfterEpochs(id, 2);
        services.stopTrainer(holder, true);
        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        // An epoch is reported only once its checkpoint is stored: having seen epoch 2, the resume is from 2 or later.
        assertTrue(e.path("resumedFromEpoch").asInt() >= 2, "resumed from a checkpoint: " + e);
        assertEpochsReportedOnce(e, epochs);
        assertEquals(3, evaluationRows(id), "one evaluation row per split");
        assertFalse(services.running(holder), "the killed trainer stayed dead: the other one finished the work");
        assertEquals(List.of("TRAINED", "2"), queueRow(id), "outcome and claims: the killed one, then the other");
    }

    @Test
    @Order(13)
    void aTrainerStoppedWithSigtermCheckpointsInsideTheEpochAndHandsItsExperimentBack() throws Exception {
        int epochs = 5;
        // Small batches: an epoch of many steps, so the stop lands inside one.
        String id = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":" + epochs
                + ",\"batchSize\":4,\"seed\":21}");
        String holder = holderAfterEpochs(id, 1);
        services.stopTrainer(holder, false);
        String stopped = Files.readString(services.logs().resolve(holder + ".log"));
        java.util.regex.Matcher stop = java.util.regex.Pattern.compile("experiment " + id
                + ": stopping; checkpoint after epoch (\\d+), batch (\\d+)").matcher(stopped);
        assertTrue(stop.find(), "the stopping trainer checkpointed:\n" + stopped);
        assertTrue(stopped.contains("experiment " + id + " handed back to the queue"), stopped);

        JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        String other = holder.equals("trainer-service") ? "trainer-service-2" : "trainer-service";
        String resumed = Files.readString(services.logs().resolve(other + ".log"));
        assertTrue(resumed.contains("experiment " + id + ": resuming from the checkpoint after epoch " + stop.group(1)
                + ", batch " + stop.group(2)), "the other trainer went on from that very batch");
        assertEpochsReportedOnce(e, epochs);
        assertEquals(3, evaluationRows(id), "one evaluation row per split");
        assertEquals(List.of("TRAINED", "1"), queueRow(id), "a hand-back does not count as a failed attempt");
    }

    @Test
    @Order(14)
    @org.junit.jupiter.api.Tag(TRAINING_LOGIC)
    void earlyStoppingEndsTrainingPatienceEpochsAfterTheBestValidationLoss() throws Exception {
        int epochs = 60;
        int patience = 2;
        JsonNode e = awaitFinal(submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":"
                + epochs + ",\"learningRate\":0.003,\"earlyStoppingPatience\":" + patience + ",\"seed\":5}"),
                EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
        List<Double> losses = new ArrayList<>();
        e.path("curve").forEach(c -> losses.add(c.path("validationLoss").asDouble()));
        assertTrue(losses.size() < epochs, "stopped early: " + losses);
        int best = losses.indexOf(Collections.min(losses));
        assertEquals(losses.size() - 1 - patience, best, "the last " + patience + " epochs did not improve: " + losses);
    }

    @Test
    @Order(15)
    @org.junit.jupiter.api.Tag(TRAINING_LOGIC)
    void aModelPretrainedOnOneDatasetIsFineTunedOnAnother() throws Exception {
        ObjectStore store = new ObjectStore(new ObjectStoreSettings(stack.endpoints().s3Endpoint(),
                stack.endpoints().s3AccessKey(), stack.endpoints().s3SecretKey(), "us-east-1"));
        // Without stored weights, fine-tuning is refused at once, naming the models and the import command; a grid
        // may instead leave those runs out.
        GatewayApi.Answer refused = gateway.post("/api/experiments", "{\"dataset\":\"" + ck48() + "\",\"model\":"
                + "\"resnet50\",\"transferMode\":\"partial\",\"epochs\":1}");
        assertEquals(409, refused.status(), refused.body().toString());
        assertTrue(refused.body().path("error").asText().contains("resnet50")
                && refused.body().path("error").asText().contains("./ferlab weights import"), refused.body().toString());
        GatewayApi.Answer refusedGrid = gateway.post("/api/grids", "{\"dataset\":\"" + ck48() + "\",\"models\":"
                + "[\"small-cnn\",\"vgg16\"],\"transferModes\":[\"none\",\"full\"],\"epochs\":1}");
        assertEquals(409, refusedGrid.status(), refusedGrid.body().toString());
        assertTrue(refusedGrid.body().path("error").asText().contains("vgg16"), refusedGrid.body().toString());
        GatewayApi.Answer trimmed = gateway.post("/api/grids", "{\"dataset\":\"" + ck48() + "\",\"models\":"
                + "[\"small-cnn\"],\"transferModes\":[\"none\",\"full\"],\"epochs\":1,\"maxBatchesPerEpoch\":1,"
                + "\"skipMissingWeights\":true}");
        assertEquals(202, trimmed.status(), trimmed.body().toString());
        List<String> cells = new ArrayList<>();
        trimmed.body().path("experiments").forEach(x -> cells.add(x.path("spec").path("model").asText() + "/"
                + x.path("spec").path("transferMode").asText()));
        assertEquals(List.of("small-cnn/none"), cells, "the full run without weights left out: " + trimmed.body());

        // torchvision-named weights, imported through the API: a truncated file is refused and stores nothing.
        Path weights = Files.createTempFile("mobilenet", ".safetensors");
        try {
            writeTorchvisionMobileNet(weights);
            Path cut = Files.createTempFile("mobilenet-cut", ".safetensors");
            Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(weights), (int) Files.size(weights) - 100));
            GatewayApi.Answer bad = gateway.putFile("/api/weights/mobilenetv3-large?name=cut.safetensors", cut);
            Files.delete(cut);
            assertEquals(400, bad.status(), bad.body().toString());
            assertTrue(bad.body().toString().contains("truncated"), bad.body().toString());
            assertEquals(404, gateway.get("/api/weights/mobilenetv3-large").status(), "nothing stored");
            GatewayApi.Answer imported = gateway.putFile("/api/weights/mobilenetv3-large?name=mnv3.safetensors",
                    weights);
            assertEquals(201, imported.status(), imported.body().toString());
            assertEquals(1000, imported.body().path("classes").asInt());
            assertEquals(5_483_032L, imported.body().path("parameters").asLong());
            assertEquals("[0.485,0.456,0.406]", imported.body().path("normalization").path("mean").toString());
            assertEquals(200, gateway.putFile("/api/weights/mobilenetv3-large", weights).status(), "same file again");
        } finally {
            Files.deleteIfExists(weights);
        }
        // Fine-tuned from them: the run reads the weights by name and keeps their normalization for evaluation.
        JsonNode tuned = awaitFinal(submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"mobilenetv3-large\","
                + "\"transferMode\":\"partial\",\"epochs\":1,\"maxBatchesPerEpoch\":2,\"seed\":4}"),
                EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", tuned.path("status").asText(), tuned.path("failure").toString());
        JsonNode descriptor = predictions("experiments/" + tuned.path("id").asText() + "/final/model.json");
        assertEquals("[0.229,0.224,0.225]", descriptor.path("normalization").path("std").toString());

        // Pretrain on the synthetic faces (8 classes), publish the result as the pretrained small-cnn.
        JsonNode pre = awaitFinal(submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\","
                + "\"epochs\":3,\"seed\":2}"), EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", pre.path("status").asText(), pre.path("failure").toString());
        String from = "experiments/" + pre.path("id").asText() + "/final/";
        for (String file : List.of("model.params", "model.json")) {
            store.put(Buckets.MODELS, "pretrained/small-cnn/" + file, store.get(Buckets.MODELS, from + file),
                    "application/octet-stream");
        }
        // Fine-tune on CK+48 (7 classes): a new classifier on the pretrained layers.
        for (String mode : List.of("partial", "full")) {
            JsonNode e = awaitFinal(submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\","
                    + "\"transferMode\":\"" + mode + "\",\"epochs\":2,\"seed\":4}"), EXPERIMENT_DEADLINE);
            assertEquals("COMPLETED", e.path("status").asText(), mode + ": " + e.path("failure"));
            assertEquals(2, e.path("curve").size(), mode);
        }
    }

    /**
     * MobileNetV3-Large's 1,000-class state_dict under torchvision's names, as torch would save it (BatchNorm counters
     * included), with small random weights and running variances near 1.
     */
    private static void writeTorchvisionMobileNet(Path file) throws IOException {
        java.util.Random random = new java.util.Random(7);
        List<dev.ferlab.common.weights.SafeTensors.Float32> tensors = new ArrayList<>();
        for (var e : dev.ferlab.common.weights.TorchvisionNames.of(
                dev.ferlab.common.spec.ModelArchitecture.MOBILENET_V3_LARGE, 1000).orElseThrow()) {
            float[] v = new float[(int) java.util.Arrays.stream(e.shape()).reduce(1, (a, b) -> a * b)];
            boolean variance = e.torchvision().endsWith("running_var");
            for (int i = 0; i < v.length; i++) {
                v[i] = variance ? 1 + 0.1f * random.nextFloat() : 0.05f * (float) random.nextGaussian();
            }
            tensors.add(new dev.ferlab.common.weights.SafeTensors.Float32(e.torchvision(), e.shape(), v));
        }
        dev.ferlab.common.weights.SafeTensors.write(file, tensors, Map.of("format", "pt"));
    }

    /** A zip of a dataset folder, optionally with one more entry at {@code extraEntry}. */
    @Test
    @Order(16)
    void aModelTrainedOnCk48IsEvaluatedOnFer2013ThroughTheLabelMapping() throws Exception {
        String path = "/api/experiments/" + ck48Experiment() + "/evaluations";
        // Invalid requests name the field; unknown ids are 404; an experiment without a model is a 409.
        GatewayApi.Answer same = gateway.post(path, "{\"dataset\":\"" + ck48() + "\"}");
        assertEquals(400, same.status(), same.body().toString());
        assertEquals("dataset", same.body().path("fields").path(0).path("field").asText());
        GatewayApi.Answer unknownSet = gateway.post(path, "{\"dataset\":\"dataset:nope\",\"split\":\"half\"}");
        assertEquals(400, unknownSet.status(), unknownSet.body().toString());
        assertTrue(unknownSet.body().path("fields").toString().contains("no registered dataset dataset:nope")
                && unknownSet.body().path("fields").toString().contains("\"split\""), unknownSet.body().toString());
        assertEquals(404, gateway.post("/api/experiments/" + UUID.randomUUID() + "/evaluations",
                "{\"dataset\":\"" + fer2013Reference() + "\"}").status());
        GatewayApi.Answer notTrained = gateway.post("/api/experiments/" + failedExperiment() + "/evaluations",
                "{\"dataset\":\"" + fer2013Reference() + "\"}");
        assertEquals(409, notTrained.status(), notTrained.body().toString());

        GatewayApi.Answer asked = gateway.post(path, "{\"dataset\":\"" + fer2013Reference() + "\"}");
        assertEquals(202, asked.status(), asked.body().toString());
        String requestId = asked.body().path("id").asText();
        JsonNode answered = Await.until("cross-dataset evaluation " + requestId, Duration.ofMinutes(5),
                () -> request(path, requestId), r -> !r.path("status").asText().equals("REQUESTED"));
        assertEquals("COMPLETED", answered.path("status").asText(), answered.toString());
        JsonNode result = answered.path("result");
        JsonNode coverage = result.path("coverage");
        assertEquals("[\"neutral\"]", coverage.path("unknownToModel").toString(), "FER's class CK+ lacks");
        assertEquals("[\"contempt\"]", coverage.path("absentFromTarget").toString(), "CK+'s class FER lacks");
        assertEquals(700, coverage.path("targetImages").asInt());
        assertEquals(100, coverage.path("unreachableImages").asInt());
        assertEquals(1 / 7.0, coverage.path("unreachableShare").asDouble(), 1e-12);
        assertEquals(600, result.path("size").asInt(), "scored: the 600 images of classes the model knows");

        try (Connection db = connect(); PreparedStatement st = db.prepareStatement("SELECT e.id, e.split, e.size, "
                + "e.accuracy, e.target_images, e.unreachable_share, e.confusion_matrix::text, e.predictions_key, "
                + "e.loss, m.support, m.zero_division FROM evaluation e JOIN class_metric m ON m.evaluation_id = e.id "
                + "AND m.label = 'contempt' WHERE e.request_id = ?")) {
            st.setString(1, requestId);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "the cross-dataset evaluation row");
                assertEquals("all", rs.getString("split"));
                assertEquals(600, rs.getLong("size"));
                assertEquals(700, rs.getLong("target_images"));
                assertEquals(1 / 7.0, rs.getDouble("unreachable_share"), 1e-12);
                assertEquals(0, rs.getLong("support"), "no contempt image in FER-2013");
                assertTrue(rs.getBoolean("zero_division"), "contempt's recall is 0/0, flagged");
                long[][] confusion = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readValue(rs.getString("confusion_matrix"), long[][].class);
                assertEquals(600, java.util.Arrays.stream(confusion).flatMapToLong(java.util.Arrays::stream).sum());
                assertEquals(result.path("accuracy").asDouble(), rs.getDouble("accuracy"), 1e-12);
                JsonNode stored = predictions(rs.getString("predictions_key"));
                assertEquals(700, stored.path("truth").size(), "every target image's prediction is kept");
                assertTrue(stored.path("datasetClasses").toString().contains("neutral"));
            }
        }
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement("SELECT unknown_to_model::text, "
                + "trained_on, scored_images FROM cross_dataset_results WHERE request_id = ?")) {
            st.setString(1, requestId);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "the dashboard view shows the cross-dataset result");
                assertEquals("[\"neutral\"]", rs.getString(1));
                assertEquals(ck48(), rs.getString(2));
                assertEquals(600, rs.getLong(3));
            }
        }
    }

    @Test
    @Order(17)
    void aRedeliveredModelsTrainedMessageWritesNothingTwice() throws Exception {
        List<String> before = ownEvaluations(ck48Experiment());
        assertEquals(3, before.size(), before.toString());
        ConsumerRecord<String, String> original = firstRecord(Topics.MODELS_TRAINED, ck48Experiment());
        var again = produce(Topics.MODELS_TRAINED, original.key(), original.value());
        assertEquals(original.partition(), again.partition(), "same key, same partition");
        awaitConsumed("ferlab-evaluator", Topics.MODELS_TRAINED, again.partition(), again.offset());
        assertEquals(before, ownEvaluations(ck48Experiment()), "the same three rows, not rewritten");
        JsonNode e = gateway.get("/api/experiments/" + ck48Experiment()).body();
        assertEquals("COMPLETED", e.path("status").asText());
        assertEquals(null, findRecord(Topics.EXPERIMENTS_FAILED, ck48Experiment()),
                "the redelivery is answered with the stored results, not reported as a failure");
    }

    @Test
    @Order(18)
    void aModelFileThatCannotBeReadFailsTheEvaluationWithThatReasonAndHarmsNothing() throws Exception {
        ObjectStore store = objectStore();
        String broken = "e2e-broken-" + UUID.randomUUID();
        String prefix = "experiments/" + broken + "/final/";
        store.put(Buckets.MODELS, prefix + "model.json",
                store.get(Buckets.MODELS, "experiments/" + ck48Experiment() + "/final/model.json"), "application/json");
        byte[] garbage = "these are not DJL parameters".getBytes();
        store.put(Buckets.MODELS, prefix + "model.params", garbage, "application/octet-stream");
        int rowsBefore = allEvaluationRows();
        List<String> ownBefore = ownEvaluations(ck48Experiment());

        com.fasterxml.jackson.databind.node.ObjectNode message = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        firstRecord(Topics.MODELS_TRAINED, ck48Experiment()).value());
        message.put("experimentId", broken).put("modelPrefix", prefix);
        produce(Topics.MODELS_TRAINED, broken, message.toString());
        ConsumerRecord<String, String> failed = Await.until("experiments.failed for " + broken,
                Duration.ofMinutes(2), () -> findRecord(Topics.EXPERIMENTS_FAILED, broken), r -> r != null);
        JsonNode reason = new com.fasterxml.jackson.databind.ObjectMapper().readTree(failed.value());
        assertEquals("evaluate", reason.path("stage").asText());
        assertTrue(reason.path("reason").asText().contains("models/" + prefix + "model.params cannot be read"),
                reason.toString());
        assertEquals(rowsBefore, allEvaluationRows(), "no evaluation row written");
        assertEquals(0, evaluationRows(broken));
        assertEquals(ownBefore, ownEvaluations(ck48Experiment()), "other experiments' rows untouched");
        assertTrue(java.util.Arrays.equals(garbage, store.get(Buckets.MODELS, prefix + "model.params")),
                "the unreadable file is left as it was, for inspection");
    }

    @Test
    @Order(19)
    void aGridIsSubmittedOnceThenExportedAsTheStudysTable1() throws Exception {
        GatewayApi.Answer invalid = gateway.post("/api/grids", "{\"dataset\":\"" + ck48() + "\",\"models\":"
                + "[\"small-cnn\",\"alexnet\"]}", "e2e-invalid-grid");
        assertEquals(400, invalid.status(), invalid.body().toString());
        assertEquals("models[1]", invalid.body().path("fields").path(0).path("field").asText());

        String grid = "{\"name\":\"e2e grid\",\"dataset\":\"" + ck48() + "\",\"models\":[\"small-cnn\"],"
                + "\"preprocessing\":[{\"balancing\":\"none\"},{\"balancing\":\"undersample\"}],\"seeds\":[3],"
                + "\"epochs\":2,\"maxBatchesPerEpoch\":4}";
        String key = "e2e-grid-" + UUID.randomUUID();
        GatewayApi.Answer first = gateway.post("/api/grids", grid, key);
        assertEquals(202, first.status(), first.body().toString());
        assertEquals(2, first.body().path("size").asInt());
        String gridId = first.body().path("id").asText();
        GatewayApi.Answer retried = gateway.post("/api/grids", grid, key);
        assertEquals(200, retried.status(), "a retry with the same key creates nothing: " + retried.body());
        assertEquals(gridId, retried.body().path("id").asText());
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(
                "SELECT count(*) FROM experiment WHERE grid_id = ?")) {
            st.setString(1, gridId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(2, rs.getInt(1), "two experiments, not four");
            }
        }
        JsonNode done = Await.until("grid " + gridId + " to finish", EXPERIMENT_DEADLINE,
                () -> gateway.get("/api/grids/" + gridId).body(),
                g -> g.path("statuses").path("COMPLETED").asInt() + g.path("statuses").path("FAILED").asInt() == 2);
        assertEquals(2, done.path("statuses").path("COMPLETED").asInt(), done.toString());

        JsonNode rows = gateway.get("/api/grids/" + gridId + "/results").body();
        assertEquals(2, rows.size(), rows.toString());
        for (JsonNode row : rows) {
            JsonNode experiment = gateway.get("/api/experiments/" + row.path("experimentId").asText()).body();
            assertEquals(experiment.path("result").path("accuracy").asDouble(), row.path("testAccuracy").asDouble(),
                    1e-12, "Table 1 shows the stored test accuracy");
            assertEquals(experiment.path("accuracy").path("train").asDouble(), row.path("trainAccuracy").asDouble(),
                    1e-12);
            assertEquals(experiment.path("result").path("macroF1").asDouble(), row.path("f1").asDouble(), 1e-12);
        }
        assertEquals(List.of("raw", "undersampled"), List.of(rows.get(0).path("preprocessing").asText(),
                rows.get(1).path("preprocessing").asText()));

        // The two runs share their test images (same dataset and seed, balanced after the split): they compare,
        // from the stored predictions, consistently with Table 1.
        String a = rows.get(0).path("experimentId").asText();
        String b = rows.get(1).path("experimentId").asText();
        GatewayApi.Answer compared = gateway.get("/api/comparisons?a=" + a + "&b=" + b);
        assertEquals(200, compared.status(), compared.body().toString());
        JsonNode c = compared.body();
        int n = c.path("testImages").asInt();
        assertEquals(gateway.get("/api/experiments/" + a).body().path("result").path("size").asInt(), n);
        assertEquals(rows.get(0).path("testAccuracy").asDouble(), c.path("accuracyA").asDouble(), 1e-9);
        assertEquals(rows.get(1).path("testAccuracy").asDouble(), c.path("accuracyB").asDouble(), 1e-9);
        JsonNode m = c.path("mcnemar");
        assertEquals(n, m.path("bothRight").asInt() + m.path("onlyA").asInt() + m.path("onlyB").asInt()
                + m.path("bothWrong").asInt());
        JsonNode diff = c.path("accuracyDifference");
        assertEquals(c.path("accuracyA").asDouble() - c.path("accuracyB").asDouble(), diff.path("estimate").asDouble(),
                1e-9);
        assertTrue(diff.path("low").asDouble() <= diff.path("estimate").asDouble()
                && diff.path("estimate").asDouble() <= diff.path("high").asDouble(), diff.toString());
        assertTrue(m.path("pValue").asDouble() > 0 && m.path("pValue").asDouble() <= 1, m.toString());
        GatewayApi.Answer half = gateway.get("/api/comparisons?a=" + a);
        assertEquals(400, half.status(), half.body().toString());
        assertEquals("b", half.body().path("fields").path(0).path("field").asText());
        assertEquals(404, gateway.get("/api/comparisons?a=" + a + "&b=" + UUID.randomUUID()).status());

        GatewayApi.Text csv = gateway.getText("/api/grids/" + gridId + "/results?format=csv");
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        List<String> lines = csv.body().lines().toList();
        assertEquals(3, lines.size(), csv.body());
        assertTrue(lines.get(0).startsWith("Run,Model,Transfer,Preprocessing,Seed,Training Accuracy"), lines.get(0));
        assertTrue(lines.get(2).startsWith("SmallCNN Undersampling,small-cnn,none,undersampled,3,"), lines.get(2));
        assertTrue(lines.get(1).contains(String.format(java.util.Locale.ROOT, ",%.4f,",
                rows.get(0).path("testAccuracy").asDouble())), lines.get(1));
        GatewayApi.Text md = gateway.getText("/api/grids/" + gridId + "/results?format=markdown");
        assertEquals(4, md.body().lines().count(), md.body());
        GatewayApi.Text tex = gateway.getText("/api/grids/" + gridId + "/results?format=latex");
        assertTrue(tex.body().contains("\\begin{tabular}") && tex.body().contains("SmallCNN Undersampling"),
                tex.body());
        GatewayApi.Text pdf = gateway.getText("/api/grids/" + gridId + "/results?format=pdf");
        assertEquals(400, pdf.status(), pdf.body());
        assertTrue(pdf.body().contains("\"format\""), pdf.body());
        assertEquals(404, gateway.get("/api/grids/" + UUID.randomUUID() + "/results").status());

        try (Connection db = connect()) {
            try (PreparedStatement st = db.prepareStatement("SELECT experiments, completed, best_test_accuracy "
                    + "FROM grid_summary WHERE grid_id = ?")) {
                st.setString(1, gridId);
                try (ResultSet rs = st.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1));
                    assertEquals(2, rs.getInt(2));
                    assertEquals(Math.max(rows.get(0).path("testAccuracy").asDouble(),
                            rows.get(1).path("testAccuracy").asDouble()), rs.getDouble(3), 1e-12);
                }
            }
            try (PreparedStatement st = db.prepareStatement("SELECT count(*) FROM learning_curves WHERE grid_id = ?")) {
                st.setString(1, gridId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertEquals(4, rs.getInt(1), "two epochs of each of the two runs");
                }
            }
            try (PreparedStatement st = db.prepareStatement("SELECT count(*) FROM class_results c JOIN "
                    + "experiment_results r USING (experiment_id) WHERE r.grid_id = ? AND c.split = 'test'")) {
                st.setString(1, gridId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertEquals(14, rs.getInt(1), "seven classes of each run's test split");
                }
            }
        }

        // Completion: nothing is missing, so nothing runs; a second seed adds one run to each cell; a cancelled run
        // is queued again (retryOf naming it); finished and running cells are never trained twice.
        GatewayApi.Answer nothing = gateway.post("/api/grids/" + gridId + "/complete", "{}");
        assertEquals(202, nothing.status(), nothing.body().toString());
        assertEquals(List.of(0, 0, 2), List.of(nothing.body().path("added").asInt(),
                nothing.body().path("retried").asInt(), nothing.body().path("kept").asInt()));
        GatewayApi.Answer seed4 = gateway.post("/api/grids/" + gridId + "/complete", "{\"seeds\":[3,4]}");
        assertEquals(List.of(2, 0, 2), List.of(seed4.body().path("added").asInt(),
                seed4.body().path("retried").asInt(), seed4.body().path("kept").asInt()), seed4.body().toString());
        String cancelled = seed4.body().path("queued").path(1).asText();
        assertEquals(200, gateway.post("/api/experiments/" + cancelled + "/cancel", "{}").status());
        GatewayApi.Answer again = gateway.post("/api/grids/" + gridId + "/complete", "{\"seeds\":[3,4]}");
        assertEquals(List.of(0, 1, 3), List.of(again.body().path("added").asInt(),
                again.body().path("retried").asInt(), again.body().path("kept").asInt()), again.body().toString());
        String rerun = again.body().path("queued").path(0).asText();
        assertEquals(cancelled, gateway.get("/api/experiments/" + rerun).body().path("retryOf").asText());
        JsonNode completed = Await.until("grid " + gridId + " to finish its added cells", EXPERIMENT_DEADLINE,
                () -> gateway.get("/api/grids/" + gridId).body(),
                g -> g.path("statuses").path("COMPLETED").asInt() + g.path("statuses").path("FAILED").asInt() == 4);
        assertEquals(4, completed.path("statuses").path("COMPLETED").asInt(), completed.toString());
        assertEquals(1, completed.path("statuses").path("CANCELLED").asInt(), completed.toString());
        // Two seeds per cell: Table 1 gains a line of mean, deviation and interval after each cell's runs.
        List<String> withSeeds = gateway.getText("/api/grids/" + gridId + "/results?format=csv").body().lines()
                .toList();
        assertEquals(2, withSeeds.stream().filter(l -> l.contains(",n=2,")).count(), String.join("\n", withSeeds));
        JsonNode cells = gateway.get("/api/grids/" + gridId + "/cells").body();
        assertEquals(2, cells.size(), cells.toString());
        for (JsonNode cell : cells) {
            assertEquals(2, cell.path("runs").asInt(), cell.toString());
            assertTrue(cell.path("testAccuracy").path("low").asDouble() <= cell.path("testAccuracy").path("mean")
                    .asDouble(), cell.toString());
        }
    }

    @Test
    @Order(26)
    void anEndedExperimentIsDeletedWithWhatItOwnsAndNothingAnotherUses() throws Exception {
        ObjectStore store = new ObjectStore(new ObjectStoreSettings(stack.endpoints().s3Endpoint(),
                stack.endpoints().s3AccessKey(), stack.endpoints().s3SecretKey(), "us-east-1"));
        // Two runs of one shard set (same data, preprocessing and seed; other epochs).
        String spec = "{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"maxBatchesPerEpoch\":2,"
                + "\"seed\":31,\"epochs\":";
        String a = submit(spec + "1}");
        String b = submit(spec + "2}");
        JsonNode ea = awaitFinal(a, EXPERIMENT_DEADLINE);
        JsonNode eb = awaitFinal(b, EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", ea.path("status").asText(), ea.toString());
        assertEquals("COMPLETED", eb.path("status").asText(), eb.toString());
        String set = ea.path("shardSetId").asText();
        assertEquals(set, eb.path("shardSetId").asText());

        GatewayApi.Answer dry = gateway.delete("/api/experiments/" + a + "?dryRun=true");
        assertEquals(200, dry.status(), dry.body().toString());
        assertTrue(dry.body().path("dryRun").asBoolean());
        assertEquals(1, dry.body().path("rows").path("experiment").asInt());
        assertTrue(dry.body().path("rows").path("evaluation").asInt() >= 3, "its three splits' evaluations");
        assertEquals(0, dry.body().path("shardSets").size(), "the other run still uses the shard set");
        List<String> objects = new java.util.ArrayList<>();
        dry.body().path("objects").forEach(o -> objects.add(o.asText()));
        assertTrue(objects.stream().anyMatch(o -> o.startsWith("models/experiments/" + a + "/final/")), objects.toString());
        assertTrue(objects.stream().allMatch(o -> o.startsWith("models/experiments/" + a + "/")), objects.toString());
        assertEquals(200, gateway.get("/api/experiments/" + a).status(), "a dry run deletes nothing");
        assertEquals(objects.size(), store.list(Buckets.MODELS, "experiments/" + a + "/").size());

        GatewayApi.Answer gone = gateway.delete("/api/experiments/" + a);
        assertEquals(200, gone.status(), gone.body().toString());
        assertEquals(404, gateway.get("/api/experiments/" + a).status());
        assertEquals(List.of(), store.list(Buckets.MODELS, "experiments/" + a + "/"));
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(
                "SELECT (SELECT count(*) FROM evaluation WHERE experiment_id = ?),"
                        + " (SELECT count(*) FROM evaluation WHERE experiment_id = ?)")) {
            st.setString(1, a);
            st.setString(2, b);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1), "its evaluations are gone");
                assertTrue(rs.getInt(2) >= 3, "the other run's stay");
            }
        }
        assertTrue(store.exists(Buckets.SHARDS, ShardManifest.manifestKey(set)), "the shared shard set stays");
        assertFalse(store.list(Buckets.MODELS, "experiments/" + b + "/final/").isEmpty(), "the other model stays");
        assertEquals("COMPLETED", gateway.get("/api/experiments/" + b).body().path("status").asText());

        // The last run of the shard set takes it along.
        GatewayApi.Answer last = gateway.delete("/api/experiments/" + b);
        assertEquals(List.of(set), List.of(last.body().path("shardSets").path(0).asText()), last.body().toString());
        assertFalse(store.exists(Buckets.SHARDS, ShardManifest.manifestKey(set)));

        // A running experiment is refused, and stays.
        String running = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":50}");
        GatewayApi.Answer refused = gateway.delete("/api/experiments/" + running);
        assertEquals(409, refused.status(), refused.body().toString());
        assertTrue(refused.body().path("error").asText().contains("cancel it"), refused.body().toString());
        assertEquals(200, gateway.post("/api/experiments/" + running + "/cancel", "").status());
        assertEquals(404, gateway.delete("/api/experiments/" + UUID.randomUUID()).status());
    }

    @Test
    @Order(20)
    void everyStateChangeNeedsTheTokenAndTheApiIsDocumented() throws Exception {
        String body = "{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":1}";
        GatewayApi.Answer none = gateway.withoutToken().post("/api/experiments", body);
        assertEquals(401, none.status(), none.body().toString());
        assertTrue(none.body().path("error").asText().contains("Authorization: Bearer"), none.body().toString());
        GatewayApi.Answer wrong = new GatewayApi(services.gatewayUrl(), "not-the-token").post("/api/grids", "{}");
        assertEquals(401, wrong.status(), wrong.body().toString());
        assertTrue(wrong.body().path("error").asText().contains("wrong API token"), wrong.body().toString());
        assertEquals(401, gateway.withoutToken().post("/api/experiments/" + ck48Experiment() + "/cancel", "")
                .status());
        assertEquals(200, gateway.withoutToken().get("/api/experiments?limit=1").status(), "reads stay open");

        GatewayApi.Text openapi = gateway.getText("/q/openapi?format=json");
        assertEquals(200, openapi.status());
        for (String path : List.of("/api/grids", "/api/grids/{id}/results", "/api/experiments/{id}/evaluations",
                "/api/experiments/{id}/events", "/api/experiments/{id}/cancel", "/api/datasets")) {
            assertTrue(openapi.body().contains("\"" + path + "\""), path + " documented");
        }
        assertEquals(200, gateway.getText("/q/swagger-ui/").status(), "Swagger UI is served");

        byte[] tooLarge = new byte[(PipelineServices.MAX_UPLOAD_MB + 1) * 1024 * 1024];
        GatewayApi.Answer large = gateway.postBytes("/api/datasets/upload?name=big&format=zip", "application/zip",
                tooLarge);
        assertEquals(413, large.status(), "an upload over the limit");
    }

    @Test
    @Order(21)
    void aRetriedSubmissionWithItsIdempotencyKeyCreatesOneExperiment() throws Exception {
        String body = "{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":1,"
                + "\"maxBatchesPerEpoch\":1,\"seed\":31}";
        String key = "e2e-once-" + UUID.randomUUID();
        GatewayApi.Answer first = gateway.post("/api/experiments", body, key);
        assertEquals(202, first.status(), first.body().toString());
        GatewayApi.Answer again = gateway.post("/api/experiments", body, key);
        assertEquals(200, again.status(), again.body().toString());
        assertEquals(first.body().path("id").asText(), again.body().path("id").asText());
        try (Connection db = connect(); PreparedStatement st = db.prepareStatement(
                "SELECT count(*) FROM experiment WHERE idempotency_key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
        String id = first.body().path("id").asText();
        JsonNode smallCnn = gateway.get("/api/experiments?model=small-cnn&limit=500").body();
        assertTrue(smallCnn.toString().contains(id), "filtered by its model, it is listed");
        JsonNode others = gateway.get("/api/experiments?model=vgg16&limit=500").body();
        assertFalse(others.toString().contains(id), "filtered by another model, it is not");
        others.forEach(e -> assertEquals("vgg16", e.path("spec").path("model").asText()));
        GatewayApi.Answer badFilter = gateway.get("/api/experiments?status=SLEEPING");
        assertEquals(400, badFilter.status());
        assertEquals("status", badFilter.body().path("fields").path(0).path("field").asText());
        assertEquals("COMPLETED", awaitFinal(id, EXPERIMENT_DEADLINE).path("status").asText());
    }

    @Test
    @Order(22)
    void aCancelledExperimentStopsTrainingWritesNoModelAndCanBeRetried() throws Exception {
        String id = submit("{\"dataset\":\"" + ck48() + "\",\"model\":\"small-cnn\",\"epochs\":60,\"seed\":41}");
        String holder = holderAfterEpochs(id, 1);
        GatewayApi.Answer cancelled = gateway.post("/api/experiments/" + id + "/cancel", "");
        assertEquals(200, cancelled.status(), cancelled.body().toString());
        assertEquals("CANCELLED", cancelled.body().path("status").asText());
        assertEquals(409, gateway.post("/api/experiments/" + id + "/cancel", "").status(), "ended already");
        Await.until("the queue row of " + id + " closed as cancelled", Duration.ofMinutes(1), () -> queueRow(id),
                row -> row.get(0).equals("CANCELLED"));
        Path log = services.logs().resolve(holder + ".log");
        Await.until(holder + " to give " + id + " up", Duration.ofMinutes(1), () -> Files.readString(log),
                text -> text.contains("experiment " + id + " abandoned"));
        int epochs = gateway.get("/api/experiments/" + id).body().path("curve").size();
        assertTrue(epochs < 60, "stopped after " + epochs + " epochs");
        assertFalse(objectStore().exists(Buckets.MODELS, "experiments/" + id + "/final/model.params"),
                "no final model");
        assertEquals(0, evaluationRows(id));

        GatewayApi.Answer retried = gateway.post("/api/experiments/" + id + "/retry", "");
        assertEquals(202, retried.status(), retried.body().toString());
        String retry = retried.body().path("id").asText();
        assertEquals(id, retried.body().path("retryOf").asText());
        assertEquals(409, gateway.post("/api/experiments/" + ck48Experiment() + "/retry", "").status(),
                "a completed experiment is not retried");
        // Cancelled at once, whether a trainer has taken it yet or not (its shard set exists, so that can be fast).
        assertEquals(200, gateway.post("/api/experiments/" + retry + "/cancel", "").status());
        Await.until("the retry's queue row closed", Duration.ofMinutes(1), () -> {
            try {
                return queueRow(retry);
            } catch (AssertionError notYet) {
                return List.of("none", "0");
            }
        }, row -> row.get(0).equals("CANCELLED"));
        assertEquals("CANCELLED", gateway.get("/api/experiments/" + retry).body().path("status").asText(),
                "later events do not move a cancelled experiment");
    }

    @Test
    @Order(23)
    void theProgressStreamSendsEveryEpochWithAnEstimateUntilTheEnd() throws Exception {
        String id = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":4,"
                + "\"maxBatchesPerEpoch\":6,\"seed\":53}");
        List<JsonNode> events = new ArrayList<>();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> stream = java.net.http.HttpClient.newHttpClient()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(services.gatewayUrl()
                        + "/api/experiments/" + id + "/events")).header("Accept", "text/event-stream").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.concurrent.CompletableFuture<Void> read = java.util.concurrent.CompletableFuture.runAsync(() ->
                stream.body().filter(l -> l.startsWith("data:")).forEach(l -> {
                    try {
                        events.add(json.readTree(l.substring(5).trim()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        // The stream ends by itself once the experiment has ended.
        read.get(EXPERIMENT_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("COMPLETED", last.path("status").asText(), events.toString());
        assertTrue(last.path("finished").asBoolean());
        assertTrue(last.path("testAccuracy").isNumber());
        List<Integer> epochs = events.stream().filter(e -> e.path("status").asText().equals("TRAINING"))
                .map(e -> e.path("epoch").asInt()).distinct().toList();
        assertTrue(epochs.containsAll(List.of(1, 2, 3, 4)), "every epoch streamed: " + epochs);
        assertTrue(events.stream().anyMatch(e -> e.path("etaSeconds").isNumber() && e.path("epoch").asInt() < 4
                && e.path("etaSeconds").asDouble() > 0), "an estimate of the time left while training");
        assertTrue(events.stream().anyMatch(e -> e.path("imagesPerSecond").asDouble() > 0));
    }

    @Test
    @Order(24)
    void theDashboardSubmitsAGridShowsItsBarsMoveAndFindsItsResults() throws Exception {
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        try (Browser browser = Browser.start(services.gatewayUrl(), shots)) {
            browser.countStreams();
            browser.open("/#/new");
            browser.type("#api-token", services.apiToken() + org.openqa.selenium.Keys.TAB);
            // Ticking a fine-tuning mode for a model without weights says so before anything is submitted.
            browser.click("input[name=models][value=vgg16]");
            browser.click("input[name=transferModes][value=full]");
            browser.awaitText("#weights-note", "none are stored for vgg16", Duration.ofSeconds(10));
            assertEquals(List.of("error"), browser.attributes("#weights-note", "class"));
            browser.screenshot("new-grid-without-weights");
            browser.click("input[name=models][value=vgg16]");
            browser.click("input[name=transferModes][value=full]");
            browser.fill("input[name=epochs]", "6");
            browser.fill("input[name=maxBatchesPerEpoch]", "8");
            browser.fill("input[name=name]", "dashboard grid");
            browser.click("input[name=preprocessing][value='clahe+smote']");
            browser.screenshot("new-grid");
            browser.click("#grid-submit");
            String gridId = browser.awaitUrlFragment("#/grid/", Duration.ofSeconds(30));
            List<String> runIds = new ArrayList<>();
            gateway.get("/api/grids/" + gridId).body().path("experiments").forEach(e -> runIds.add(e.path("id")
                    .asText()));
            // A second tab on the home page at the same time: both tabs' bars move, each page on one stream.
            String gridTab = browser.newTab();
            browser.countStreams();
            browser.open("/#/");
            String homeTab = browser.switchTo(gridTab);
            // The bars move: every share of every bar seen on either page, until both runs have ended.
            java.util.Set<String> shares = new java.util.TreeSet<>();
            java.util.Set<String> homeShares = new java.util.TreeSet<>();
            int mostStreamsOpen = 0;
            boolean seenMidway = false;
            long end = System.nanoTime() + EXPERIMENT_DEADLINE.toNanos();
            while (System.nanoTime() < end) {
                List<String> now = browser.attributes("#grid-experiments .progress", "data-share");
                shares.addAll(now);
                assertTrue(((Number) browser.streams().get("open")).intValue() <= 1, "the grid page: "
                        + browser.streams());
                if (!seenMidway && now.stream().anyMatch(v -> Double.parseDouble(v) > 0.1
                        && Double.parseDouble(v) < 0.9)) {
                    seenMidway = true;
                }
                browser.switchTo(homeTab);
                for (String run : runIds) {
                    homeShares.addAll(browser.attributes("#experiments .progress[data-experiment='" + run + "']",
                            "data-share"));
                }
                assertTrue(((Number) browser.streams().get("open")).intValue() <= 1, "the home page: "
                        + browser.streams());
                browser.switchTo(gridTab);
                mostStreamsOpen = Math.max(mostStreamsOpen, streamsOpen());
                if (now.size() == 2 && now.stream().allMatch(v -> v.equals("1.000"))) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(seenMidway, "a bar seen mid-way; shares seen: " + shares);
            assertTrue(shares.stream().filter(v -> !v.equals("0.000") && !v.equals("1.000")).count() >= 3,
                    "the bars moved through several epochs live: " + shares);
            assertTrue(homeShares.stream().filter(v -> !v.equals("0.000") && !v.equals("1.000")).count() >= 3,
                    "the home page's bars moved live too: " + homeShares);
            // Measured, not assumed: each page opened one stream in all (the grid's ended with its runs, and was not
            // reopened). The gateway's gauge is printed, not bounded: it read one more than its clients now and then
            // (3 here in the fresh-clone run at e1c7f58, 2 before), not yet explained.
            assertEquals(1, ((Number) browser.streams().get("created")).intValue(), "the grid page: "
                    + browser.streams());
            assertTrue(mostStreamsOpen >= 1, "streams open at the gateway, at most: " + mostStreamsOpen);
            System.out.printf("dashboard: grid page %s, home page %s, most streams open at the gateway %d%n",
                    browser.streams(), homeStreams(browser, homeTab, gridTab), mostStreamsOpen);
            browser.switchTo(homeTab);
            assertEquals(1, ((Number) browser.streams().get("created")).intValue(), "the home page: "
                    + browser.streams());
            browser.awaitText("#grids tr[data-grid='" + gridId + "']", "2 of 2 ended", Duration.ofMinutes(1));
            browser.switchTo(gridTab);
            browser.awaitText("#table1", "COMPLETED", Duration.ofMinutes(1));
            JsonNode rows = gateway.get("/api/grids/" + gridId + "/results").body();
            assertEquals(2, rows.size());
            String table = browser.text("#table1");
            for (JsonNode r : rows) {
                assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%.4f", r.path("testAccuracy")
                        .asDouble())), "the page shows test accuracy " + r.path("testAccuracy") + ": " + table);
            }
            assertEquals(2L, browser.script("return Chart.getChart('comparison-chart').data.datasets"
                    + ".flatMap(d => d.data).filter(v => v != null).length;"), "one bar per run in the comparison chart");
            // Both runs ticked and compared: the pair's test and interval as the API computes them, per-class F1
            // side by side, a confusion matrix and a validation curve per run.
            browser.click("#grid-experiments input.pick[value='" + rows.get(0).path("experimentId").asText() + "']");
            browser.click("#grid-experiments input.pick[value='" + rows.get(1).path("experimentId").asText() + "']");
            browser.click("#compare-selected");
            browser.awaitText("#compare-pairs", "A vs B", Duration.ofSeconds(30));
            JsonNode pair = gateway.get("/api/comparisons?a=" + rows.get(0).path("experimentId").asText() + "&b="
                    + rows.get(1).path("experimentId").asText()).body();
            double p = pair.path("mcnemar").path("pValue").asDouble();
            assertEquals(p, Double.parseDouble(browser.text("#compare-pairs .p-value")), p * 0.01,
                    "the page shows the API's p-value (3 significant digits)");
            assertEquals(2L, browser.script("return Chart.getChart('compare-curves').data.datasets.length;"));
            assertEquals(2, browser.count("table.heatmap"));
            assertTrue(browser.text("#compare-f1").contains("macro F1"), browser.text("#compare-f1"));
            browser.screenshot("compare");
            browser.open("/#/experiment/" + rows.get(1).path("experimentId").asText());
            browser.awaitText("#confusion-matrix", "true", Duration.ofSeconds(30));
            assertEquals(2, browser.count("canvas.curve"), "loss and accuracy curves");
            assertEquals((long) gateway.get("/api/experiments/" + rows.get(1).path("experimentId").asText()).body()
                    .path("curve").size(), browser.script("return Chart.getChart('loss-chart').data.datasets[0]"
                    + ".data.length;"), "a point per epoch");
            browser.click("#loss-log");
            assertEquals("logarithmic", browser.script("return Chart.getChart('loss-chart').options.scales.y.type;"));
            browser.screenshot("experiment");

            // A run followed from its start on its own page: one stream for the page's life, the curves grow
            // and the results appear in place.
            browser.switchTo(homeTab);
            String live = submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":5,"
                    + "\"maxBatchesPerEpoch\":6,\"seed\":57}");
            browser.open("/#/experiment/" + live);
            browser.awaitText("#confusion-matrix", "true", EXPERIMENT_DEADLINE);
            assertEquals(5L, browser.script("return Chart.getChart('loss-chart').data.datasets[0].data.length;"),
                    "every epoch's point, added in place");
            @SuppressWarnings("unchecked")
            List<String> opened = (List<String>) browser.streams().get("urls");
            assertEquals(1, opened.stream().filter(u -> u.contains("/api/experiments/" + live + "/events")).count(),
                    "one stream for the experiment page's whole life: " + opened);
            assertEquals("COMPLETED", browser.text("#experiment-status"));
            browser.open("/#/");
            browser.awaitText("#grids", "dashboard grid", Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(25)
    void everySqlQueryOfTheGrafanaDashboardAnswersFromTheViewsWithItsColumns() throws Exception {
        // Grafana cannot run here: its provisioned dashboard's queries run against the real views instead, on the
        // latest grid with completed runs (earlier tests made it) and the cross-dataset evaluation (Order 16).
        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                E2e.root.resolve("docker/grafana/dashboards/ferlab-results.json").toFile());
        java.util.Map<String, List<String>> expected = java.util.Map.of(
                "Grid progress", List.of("name", "experiments", "completed", "failed", "running", "waiting",
                        "training", "best_test_accuracy", "mean_test_accuracy", "best_configuration", "last_update"),
                "Table 1", List.of("model", "transfer_mode", "preprocessing", "seed", "train_accuracy",
                        "validation_accuracy", "test_accuracy", "test_precision", "test_recall", "test_f1", "status"),
                "Learning curves: validation accuracy", List.of("epoch", "run", "validation_accuracy"),
                "Learning curves: training loss", List.of("epoch", "run", "train_loss"),
                "Per-class results (test split)", List.of("model", "transfer_mode", "preprocessing", "label",
                        "precision", "recall", "f1", "support", "zero_division"),
                "Cross-dataset results", List.of("model", "transfer_mode", "preprocessing", "trained_on",
                        "evaluated_on", "split", "scored_images", "unreachable_share", "accuracy", "macro_f1",
                        "evaluated_at"));
        try (Connection db = connect()) {
            String grid;
            try (PreparedStatement st = db.prepareStatement(
                    "SELECT grid_id FROM grid_summary WHERE completed > 0 ORDER BY created_at DESC LIMIT 1");
                    ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "a grid with completed runs");
                grid = rs.getString(1);
            }
            List<String> variable = columnsAndRows(db, dashboard.path("templating").path("list").path(0)
                    .path("query").asText(), grid).get(0);
            assertEquals(List.of("__value", "__text"), variable, "the grid picker's value and text");
            List<String> seen = new ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                String title = panel.path("title").asText();
                String sql = panel.path("targets").path(0).path("rawSql").asText();
                List<List<String>> answer = columnsAndRows(db, sql, grid);
                assertEquals(expected.get(title), answer.get(0), "columns of panel '" + title + "'");
                assertTrue(answer.size() > 1, "panel '" + title + "' shows rows: " + sql.replace("$grid", grid));
                seen.add(title);
            }
            assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(seen),
                    "every panel is checked");
        }
    }

    @Test
    @Order(26)
    void aRunWithItsShardsReadyThatNoTrainerHoldsShowsAsWaitingWithItsPlaceInTheQueue() throws Exception {
        services.stopTrainer("trainer-service-2", false);
        java.util.concurrent.ConcurrentLinkedQueue<JsonNode> streamed = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.net.http.HttpResponse<Stream<String>> stream = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(services.gatewayUrl()
                        + "/api/experiments/events?limit=1")).header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Thread reader = new Thread(() -> {
            try {
                stream.body().filter(l -> l.startsWith("data:")).forEach(l -> {
                    try {
                        streamed.add(json.readTree(l.substring(5).trim()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (java.io.UncheckedIOException closed) {
                // The test closes the stream when it ends; what was read is in `streamed`.
            }
        }, "all-experiments-stream");
        reader.setDaemon(true);
        reader.start();
        try {
            // One trainer, three runs of a dozen seconds each: whichever it takes first, two queue behind it.
            List<String> ids = new ArrayList<>();
            for (int seed : new int[] {61, 62, 63}) {
                ids.add(submit("{\"dataset\":\"builtin:synthetic-faces\",\"model\":\"small-cnn\",\"epochs\":8,"
                        + "\"maxBatchesPerEpoch\":8,\"seed\":" + seed + "}"));
            }
            JsonNode listed = Await.until("one run training and two waiting for a trainer", Duration.ofMinutes(3),
                    () -> gateway.get("/api/experiments?limit=3").body(), list -> {
                        List<String> statuses = new ArrayList<>();
                        list.forEach(e -> statuses.add(e.path("status").asText()
                                + (e.path("queuePosition").isInt() ? "#" : "")));
                        statuses.sort(null);
                        return statuses.equals(List.of("TRAINING", "WAITING#", "WAITING#"));
                    });
            Map<String, Integer> places = new LinkedHashMap<>();
            String training = null;
            String trainer = null;
            for (JsonNode e : listed) {
                assertTrue(ids.contains(e.path("id").asText()), "one of the three: " + e);
                if (e.path("status").asText().equals("WAITING")) {
                    places.put(e.path("id").asText(), e.path("queuePosition").asInt());
                    assertTrue(e.path("trainer").isNull(), "no trainer holds a waiting run: " + e);
                } else {
                    training = e.path("id").asText();
                    trainer = e.path("trainer").asText();
                    assertTrue(e.path("queuePosition").isNull(), "a held run has no place in the queue: " + e);
                }
            }
            assertEquals(List.of(1, 2), places.values().stream().sorted().toList(), "places 1 and 2: " + places);
            String[] waiting = places.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .toArray(String[]::new);
            assertTrue(trainer != null && !trainer.isEmpty(), "the training run names its trainer");
            assertEquals(trainerHolding(training), trainer.substring(trainer.lastIndexOf('/') + 1),
                    "the trainer the queue says holds it");
            // The same in SQL: the results view's status, the trainers' view's place.
            for (String w : waiting) {
                assertEquals("WAITING", sql("SELECT status FROM experiment_results WHERE experiment_id = ?", w));
                assertEquals(String.valueOf(places.get(w)),
                        sql("SELECT queue_position FROM training_queue_state WHERE experiment_id = ?", w));
            }
            assertEquals("TRAINING", sql("SELECT status FROM experiment_results WHERE experiment_id = ?",
                    training));
            // And in the CLI.
            services.ferlab("status", waiting[1]);
            String said = services.output("status");
            assertTrue(said.contains("WAITING") && said.contains("waiting for a trainer (#2 in the queue)"), said);

            for (String id : ids) {
                JsonNode e = awaitFinal(id, EXPERIMENT_DEADLINE);
                assertEquals("COMPLETED", e.path("status").asText(), e.path("failure").toString());
            }
            // The one stream of every experiment told the last run's way: its place only went down (it gets its
            // first once the trainers have queued it, at the next claim or reconciler round), it was first in
            // the queue, then a trainer took it, then it completed.
            List<String> path = streamed.stream().filter(u -> u.path("experimentId").asText().equals(waiting[1]))
                    .map(u -> u.path("status").asText() + (u.path("queuePosition").isInt()
                            ? "#" + u.path("queuePosition").asInt() : "")).distinct().toList();
            assertTrue(path.contains("WAITING#1") && path.indexOf("WAITING#1") < path.indexOf("TRAINING")
                    && path.get(path.size() - 1).equals("COMPLETED")
                    && (!path.contains("WAITING#2") || path.indexOf("WAITING#2") < path.indexOf("WAITING#1")),
                    "streamed: " + path);
        } finally {
            stream.body().close();
            services.startMissing();
        }
    }

    /**
     * The study's grid as a researcher would watch it: the dashboard's "Submit the study's 27 runs" (tiny runs on 140
     * faces, two trainers), the grid's page and the home page open in two tabs, and {@code ./ferlab status GRID
     * --watch} in a terminal. Every run's bar, on both pages, is recorded as the page draws it: each must move
     * through training and end full. Each page opens one stream in all.
     */
    @Test
    @Order(27)
    @org.junit.jupiter.api.Tag("study-grid")
    void theStudys27RunsMoveToTheirEndInTwoTabsOfOneStreamEachAndInTheTerminal() throws Exception {
        // 20 faces of each class of the FER-2013 sample: the grid's cost is its 27 runs, not its data.
        GatewayApi.Answer upload = gateway.postBytes("/api/datasets/upload?name=paper-grid-faces&format=zip",
                "application/zip", zipSubset(datasets.resolve("fer2013-sample"), 20));
        assertTrue(upload.status() == 201 || upload.status() == 200, upload.body().toString());
        String faces = upload.body().path("reference").asText();
        for (String model : List.of("resnet50", "vgg16", "mobilenetv3-large")) {
            storeWeightsIfMissing(model, faces);
        }
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        try (Browser browser = Browser.start(services.gatewayUrl(), shots)) {
            browser.countStreams();
            browser.recordBars();
            browser.open("/#/new");
            browser.type("#api-token", services.apiToken() + org.openqa.selenium.Keys.TAB);
            browser.fill("input[name=dataset]", faces);
            browser.fill("input[name=name]", "the study's grid");
            browser.fill("input[name=seeds]", "5");
            browser.fill("input[name=epochs]", "2");
            browser.fill("input[name=batchSize]", "4");
            browser.fill("input[name=maxBatchesPerEpoch]", "1");
            browser.awaitText("#weights-note", "stored for every study model", Duration.ofSeconds(10));
            browser.click("#grid-submit-paper");
            String gridId = browser.awaitUrlFragment("#/grid/", Duration.ofSeconds(30));
            List<String> runIds = new ArrayList<>();
            gateway.get("/api/grids/" + gridId).body().path("experiments").forEach(e -> runIds.add(e.path("id")
                    .asText()));
            assertEquals(27, runIds.size(), "the study's 27 runs");
            java.util.concurrent.CompletableFuture<Void> terminal = java.util.concurrent.CompletableFuture.runAsync(
                    () -> services.ferlab(Duration.ofMinutes(40), "status", gridId, "--watch"));
            String gridTab = browser.newTab();
            browser.countStreams();
            browser.recordBars();
            browser.open("/#/");
            String homeTab = browser.switchTo(gridTab);

            int mostStreamsOpen = 0;
            boolean runningShot = false;
            // The slowest answer to the poll below. In the test command's first run with this test (e1c7f58) one
            // poll found no answer within 30 s under the grid's load; a researcher's page would wait, and so does
            // the poll now, for up to 2 minutes. A poll slower than 10 s has the gateway's threads taken, once.
            long slowestPollMs = 0;
            boolean dumped = false;
            Map<String, String> statuses = Map.of();
            long end = System.nanoTime() + Duration.ofMinutes(40).toNanos();
            while (System.nanoTime() < end) {
                statuses = new LinkedHashMap<>();
                long asked = System.nanoTime();
                JsonNode polled = gateway.get("/api/grids/" + gridId, Duration.ofMinutes(2)).body();
                long tookMs = (System.nanoTime() - asked) / 1_000_000;
                slowestPollMs = Math.max(slowestPollMs, tookMs);
                if (tookMs > 10_000 && !dumped) {
                    Path threads = shots.resolve("gateway-threads-slow-poll.txt");
                    dumped = services.threadDump("gateway", threads);
                    System.out.printf("the study's 27 runs: GET /api/grids/{id} took %d ms; gateway threads %s%n",
                            tookMs, dumped ? "in " + threads : "not taken");
                }
                for (JsonNode e : polled.path("experiments")) {
                    statuses.put(e.path("id").asText(), e.path("status").asText());
                }
                for (String tab : List.of(gridTab, homeTab)) {
                    browser.switchTo(tab);
                    assertTrue(((Number) browser.streams().get("open")).intValue() <= 1,
                            (tab.equals(gridTab) ? "the grid page: " : "the home page: ") + browser.streams());
                }
                browser.switchTo(gridTab);
                mostStreamsOpen = Math.max(mostStreamsOpen, streamsOpen());
                long completed = statuses.values().stream().filter("COMPLETED"::equals).count();
                if (!runningShot && completed >= 3 && statuses.containsValue("TRAINING")
                        && statuses.containsValue("WAITING")) {
                    browser.screenshotPage("grid-running");
                    runningShot = true;
                    // A waiting run's label whole within its bar: its long form was cut there (e1c7f58).
                    assertEquals(List.of(), browser.script("return [...document.querySelectorAll("
                            + "'.progress.WAITING[data-experiment] .label')].filter(l => l.scrollWidth > "
                            + "l.clientWidth || l.scrollHeight > l.clientHeight).map(l => l.textContent);"),
                            "waiting bars' labels cut at the bar's edge");
                    assertTrue(((Number) browser.script("return document.querySelectorAll("
                            + "'.progress.WAITING[data-experiment]').length;")).intValue() > 0, "waiting bars drawn");
                }
                if (statuses.values().stream().allMatch(v -> v.equals("COMPLETED") || v.equals("FAILED")
                        || v.equals("CANCELLED"))) {
                    break;
                }
                Thread.sleep(1000);
            }
            System.out.printf("the study's 27 runs: the slowest answer to GET /api/grids/{id} took %d ms%n",
                    slowestPollMs);
            assertEquals(27L, statuses.values().stream().filter("COMPLETED"::equals).count(), "all completed: "
                    + statuses);
            assertTrue(runningShot, "the grid seen running, some runs done, one training, some waiting");
            browser.switchTo(homeTab);
            browser.awaitText("#grids tr[data-grid='" + gridId + "']", "27 of 27 ended", Duration.ofMinutes(1));

            // Every bar moved and ended, on both pages: as drawn, a training epoch's share on the way, never back.
            Map<String, Object> streamsOf = new LinkedHashMap<>();
            for (String tab : List.of(gridTab, homeTab)) {
                browser.switchTo(tab);
                String page = tab.equals(gridTab) ? "the grid page" : "the home page";
                Map<String, List<String>> bars = browser.bars();
                for (String run : runIds) {
                    List<String> drawn = bars.get(run);
                    assertNotNull(drawn, page + " drew no bar for " + run);
                    List<Double> shares = drawn.stream().map(Double::parseDouble).toList();
                    assertEquals(1.0, shares.get(shares.size() - 1), page + ", " + run + " ended full: " + drawn);
                    assertTrue(shares.stream().anyMatch(v -> v >= 0.05 && v <= 0.95), page + ", " + run
                            + " showed a training epoch: " + drawn);
                    for (int i = 1; i < shares.size(); i++) {
                        assertTrue(shares.get(i) >= shares.get(i - 1), page + ", " + run + " never went back: "
                                + drawn);
                    }
                }
                // Measured in the page: one EventSource in all, on either page, for the grid's whole run.
                assertEquals(1, ((Number) browser.streams().get("created")).intValue(), page + ": "
                        + browser.streams());
                streamsOf.put(page, browser.streams());
            }
            // At the gateway: both pages' streams seen. Its gauge's most is printed, not bounded: with the two pages
            // (one connection each, as counted above) and the terminal's stream, it read 4 in this test's first two
            // runs, one more than the clients, not yet explained; the 2-run grid test (Order 24) bounds it at 2.
            assertTrue(mostStreamsOpen >= 2, "streams open at the gateway, at most: " + mostStreamsOpen);
            System.out.printf("the study's 27 runs: %s; most streams open at the gateway %d (with ./ferlab status "
                    + "--watch)%n", streamsOf, mostStreamsOpen);
            browser.screenshotPage("home");
            browser.switchTo(gridTab);
            browser.open("/#/grid/" + gridId);
            browser.awaitText("#table1", "COMPLETED", Duration.ofMinutes(1));
            assertEquals(27L, browser.script("return Chart.getChart('comparison-chart').data.datasets"
                    + ".flatMap(d => d.data).filter(v => v != null).length;"), "a bar per run in the comparison chart");
            browser.screenshotPage("grid-finished");

            // The terminal: tables of the 27 runs within 100 columns, runs waiting with their place, then the end.
            terminal.get(5, java.util.concurrent.TimeUnit.MINUTES);
            String watched = services.output("status");
            Files.writeString(shots.resolve("grid-watch.txt"), watched);
            List<String> lines = watched.lines().toList();
            for (String line : lines) {
                assertTrue(line.length() <= 100, "within 100 columns: " + line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("WAITING #")), "runs shown waiting with their place");
            int head = lines.size() - 1;
            while (head >= 0 && !lines.get(head).startsWith("grid the study's grid:")) {
                head--;
            }
            assertTrue(head >= 0 && lines.get(head).contains("27 of 27 ended") && lines.get(head).contains("done"),
                    "the last table's head: " + (head >= 0 ? lines.get(head) : watched));
            assertEquals(27L, lines.subList(head + 2, lines.size()).stream().filter(l -> l.contains("COMPLETED"))
                    .count(), "the last table lists the 27 runs completed");
        }
    }

    /**
     * Pretrained weights for a model's partial and full runs when none are stored: ImageNet's cannot be downloaded
     * here, so a tiny run from scratch, stored as the model's pretrained weights.
     */
    private static void storeWeightsIfMissing(String model, String dataset) throws Exception {
        if (gateway.get("/api/weights/" + model).status() == 200) {
            return;
        }
        JsonNode e = awaitFinal(submit("{\"dataset\":\"" + dataset + "\",\"model\":\"" + model + "\",\"epochs\":1,"
                + "\"batchSize\":4,\"maxBatchesPerEpoch\":1,\"seed\":3}"), EXPERIMENT_DEADLINE);
        assertEquals("COMPLETED", e.path("status").asText(), model + ": " + e.path("failure"));
        ObjectStore store = objectStore();
        String from = dev.ferlab.common.models.ModelFiles.experimentPrefix(e.path("id").asText());
        String to = dev.ferlab.common.models.ModelFiles.pretrainedPrefix(
                dev.ferlab.common.spec.ModelArchitecture.fromId(model));
        // The descriptor last: its presence means the weights are complete.
        for (String file : List.of(dev.ferlab.common.models.ModelFiles.PARAMS,
                dev.ferlab.common.models.ModelFiles.DESCRIPTOR)) {
            store.put(Buckets.MODELS, to + file, store.get(Buckets.MODELS, from + file), "application/octet-stream");
        }
        assertEquals(200, gateway.get("/api/weights/" + model).status(), model + " weights stored");
    }

    /** The gateway's open Server-Sent Events streams, from its metrics. */
    private static int streamsOpen() throws Exception {
        // HTTP/1.1: the JDK client's default HTTP/2 upgrade over plain HTTP failed once against the gateway here
        // ("Frame type(114) ... exceeds MAX_FRAME_SIZE", the reply read as HTTP/2 frames).
        String metrics = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(services.gatewayUrl() + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("ferlab_gateway_streams_open")).findFirst()
                .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no ferlab_gateway_streams_open in /q/metrics"));
    }

    private static Object homeStreams(Browser browser, String homeTab, String back) {
        browser.switchTo(homeTab);
        Object counts = browser.streams();
        browser.switchTo(back);
        return counts;
    }

    /** The column names, then each row's values, of {@code sql} with Grafana's {@code $grid} set. */
    private static List<List<String>> columnsAndRows(Connection db, String sql, String grid) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement(sql.replace("$grid", grid.replace("'", "''")));
                ResultSet rs = st.executeQuery()) {
            java.sql.ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            out.add(columns);
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
