package dev.ferlab.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferlab.common.messaging.ConsumerGroups;
import dev.ferlab.common.messaging.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-checks of a rendered overlay against the code and docker-compose.yml: what schemas cannot see. Each returns
 * the problems it found, each naming the object and what to fix; empty when all is well.
 */
final class ManifestChecks {
    private static final Set<String> SECRETS = Set.of("ferlab-db-app", "ferlab-object-store", "ferlab-api");

    private ManifestChecks() {
    }

    /** Every setting a service reads without a usable default is given to its container. */
    static List<String> settings(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (String service : ServiceSettings.SERVICES) {
            ObjectNode deployment = Manifests.find(objects, "Deployment", service);
            JsonNode container = container(deployment);
            Set<String> given = new TreeSet<>();
            container.path("env").forEach(e -> given.add(e.path("name").asText()));
            for (JsonNode from : container.path("envFrom")) {
                String map = from.path("configMapRef").path("name").asText(null);
                if (map != null) {
                    objects.stream().filter(o -> "ConfigMap".equals(o.path("kind").asText())
                            && map.equals(o.path("metadata").path("name").asText()))
                            .forEach(o -> o.path("data").fieldNames().forEachRemaining(given::add));
                }
            }
            for (String needed : ServiceSettings.required(service)) {
                if (!given.contains(needed)) {
                    problems.add(Manifests.name(deployment) + ": " + needed + " is not given (the service reads it "
                            + "and its default only works on a developer's machine); add it to env or ferlab-config");
                }
            }
        }
        return problems;
    }

    /** Probes on the services' real health paths, on the port their image listens on (Dockerfile.jvm). */
    static List<String> probes(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        Map<String, String> paths = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        for (String service : ServiceSettings.SERVICES) {
            String dockerfile = Manifests.read(Manifests.root().resolve(service).resolve("src/main/docker/Dockerfile.jvm"));
            Matcher port = Pattern.compile("QUARKUS_HTTP_PORT=(\\d+)").matcher(dockerfile);
            int imagePort = port.find() ? Integer.parseInt(port.group(1)) : -1;
            if (!Manifests.read(Manifests.root().resolve(service).resolve("pom.xml")).contains("quarkus-smallrye-health")) {
                problems.add(service + " has no quarkus-smallrye-health: its probes would answer 404");
            }
            ObjectNode deployment = Manifests.find(objects, "Deployment", service);
            JsonNode container = container(deployment);
            Map<String, Integer> ports = new HashMap<>();
            container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            if (!Integer.valueOf(imagePort).equals(ports.get("http"))) {
                problems.add(Manifests.name(deployment) + ": port http is " + ports.get("http") + ", the image listens on "
                        + imagePort + " (QUARKUS_HTTP_PORT in Dockerfile.jvm)");
            }
            paths.forEach((probe, path) -> {
                JsonNode get = container.path(probe).path("httpGet");
                if (!path.equals(get.path("path").asText())) {
                    problems.add(Manifests.name(deployment) + ": " + probe + " asks " + get.path("path").asText("nothing")
                            + ", the service answers " + path);
                }
                JsonNode p = get.path("port");
                int target = p.isInt() ? p.asInt() : ports.getOrDefault(p.asText(), -1);
                if (target != imagePort) {
                    problems.add(Manifests.name(deployment) + ": " + probe + " asks port " + p.asText() + ", the service "
                            + "listens on " + imagePort);
                }
            });
            ObjectNode svc = Manifests.find(objects, "Service", service);
            for (JsonNode p : svc.path("spec").path("ports")) {
                JsonNode t = p.path("targetPort");
                int target = t.isInt() ? t.asInt() : ports.getOrDefault(t.asText(), -1);
                if (target != imagePort) {
                    problems.add(Manifests.name(svc) + ": targetPort " + t.asText() + " is not the port the service "
                            + "listens on (" + imagePort + ")");
                }
            }
        }
        return problems;
    }

    /** Every container image is one docker-compose.yml runs by default, name and tag. */
    static List<String> images(List<ObjectNode> objects) {
        Set<String> compose = composeImages();
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : objects) {
            JsonNode spec = o.path("spec").path("template").path("spec");
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : spec.path(list)) {
                    String image = c.path("image").asText();
                    if (!compose.contains(image)) {
                        problems.add(Manifests.name(o) + ": image " + image + " is not one docker-compose.yml runs "
                                + compose);
                    }
                }
            }
            if ("Cluster".equals(o.path("kind").asText())) {
                String tag = o.path("spec").path("imageName").asText().replaceAll(".*:", "");
                String composePostgres = compose.stream().filter(i -> i.startsWith("postgres:")).findFirst().orElse("");
                if (!composePostgres.startsWith("postgres:" + tag)) {
                    problems.add(Manifests.name(o) + ": PostgreSQL " + tag + " is not the version docker-compose.yml runs ("
                            + composePostgres + ")");
                }
            }
        }
        return problems;
    }

    /** docker-compose.yml's images with every variable at its default. */
    static Set<String> composeImages() {
        Set<String> images = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+image:\\s*(\\S+)\\s*$").matcher(
                Manifests.read(Manifests.root().resolve("docker-compose.yml")));
        while (m.find()) {
            images.add(m.group(1).replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"));
        }
        return images;
    }

    /** The KafkaTopics are exactly the code's topics and dead-letter topics, with the code's partitions. */
    static List<String> topics(List<ObjectNode> objects) {
        Map<String, Integer> expected = new TreeMap<>();
        for (String t : Topics.ALL) {
            expected.put(t, Topics.partitions(t));
        }
        ConsumerGroups.deadLetterTopics().forEach(t -> expected.put(t, 1));
        Map<String, Integer> declared = new TreeMap<>();
        int brokers = objects.stream().filter(o -> "KafkaNodePool".equals(o.path("kind").asText()))
                .mapToInt(o -> o.path("spec").path("replicas").asInt()).sum();
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : objects) {
            if ("KafkaTopic".equals(o.path("kind").asText())) {
                String name = o.path("spec").path("topicName").asText(o.path("metadata").path("name").asText());
                declared.put(name, o.path("spec").path("partitions").asInt());
                if (o.path("spec").path("replicas").asInt() > brokers) {
                    problems.add(Manifests.name(o) + ": " + o.path("spec").path("replicas").asInt() + " replicas on "
                            + brokers + " brokers");
                }
            }
        }
        expected.forEach((t, n) -> {
            if (!declared.containsKey(t)) {
                problems.add("no KafkaTopic for " + t + " (the code declares it: Topics, ConsumerGroups)");
            } else if (declared.get(t) != n.intValue()) {
                problems.add("KafkaTopic " + t + " has " + declared.get(t) + " partitions, the code declares " + n);
            }
        });
        declared.keySet().stream().filter(t -> !expected.containsKey(t))
                .forEach(t -> problems.add("KafkaTopic " + t + " is not a topic of the code"));
        return problems;
    }

    /**
     * The trainers' scaling: KEDA scales the trainer Deployment from zero, on the training queue's open rows and the
     * trainers' lag on shards.ready; a stopping trainer has the time to checkpoint and hand its run back.
     */
    static List<String> scaling(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        ObjectNode so = Manifests.find(objects, "ScaledObject", "trainer-service");
        JsonNode spec = so.path("spec");
        String where = Manifests.name(so) + ": ";
        if (!"trainer-service".equals(spec.path("scaleTargetRef").path("name").asText())) {
            problems.add(where + "scales " + spec.path("scaleTargetRef").path("name").asText() + ", not trainer-service");
        }
        if (spec.path("minReplicaCount").asInt(-1) != 0) {
            problems.add(where + "minReplicaCount should be 0: trainers cost nothing while no run waits");
        }
        if (spec.path("maxReplicaCount").asInt() < 1) {
            problems.add(where + "maxReplicaCount " + spec.path("maxReplicaCount").asInt() + " would never train");
        }
        JsonNode pg = null;
        JsonNode kafka = null;
        for (JsonNode t : spec.path("triggers")) {
            if ("postgresql".equals(t.path("type").asText())) {
                pg = t;
            } else if ("kafka".equals(t.path("type").asText())) {
                kafka = t;
            }
        }
        String migration = Manifests.read(Manifests.root()
                .resolve("trainer-service/src/main/resources/db/migration/V1__training_queue.sql"));
        if (pg == null) {
            problems.add(where + "no postgresql trigger on the training queue");
        } else {
            String query = pg.path("metadata").path("query").asText();
            if (!query.matches("(?is).*from\\s+training_queue\\s+where\\s+finished_at\\s+is\\s+null.*")
                    || !migration.contains("CREATE TABLE training_queue") || !migration.contains("finished_at")) {
                problems.add(where + "the postgresql trigger should count training_queue's open rows (finished_at IS "
                        + "NULL), the table the trainers' migration creates; it asks: " + query);
            }
        }
        if (kafka == null) {
            problems.add(where + "no kafka trigger: at zero trainers nothing moves shards.ready into the queue, so "
                    + "nothing would wake the first trainer");
        } else {
            JsonNode md = kafka.path("metadata");
            if (!Topics.SHARDS_READY.equals(md.path("topic").asText())
                    || !ConsumerGroups.TRAINER.equals(md.path("consumerGroup").asText())) {
                problems.add(where + "the kafka trigger should watch " + ConsumerGroups.TRAINER + "'s lag on "
                        + Topics.SHARDS_READY + ", not " + md.path("consumerGroup").asText() + " on "
                        + md.path("topic").asText());
            }
        }
        ObjectNode trainer = Manifests.find(objects, "Deployment", "trainer-service");
        if (trainer.path("spec").has("replicas")) {
            problems.add(Manifests.name(trainer) + ": replicas is set, and would fight KEDA over the count");
        }
        JsonNode podSpec = trainer.path("spec").path("template").path("spec");
        Duration stopGrace = Duration.ofSeconds(120); // TrainerConfig's default
        for (JsonNode e : container(trainer).path("env")) {
            if ("FERLAB_TRAINER_STOP_GRACE".equals(e.path("name").asText())) {
                stopGrace = Duration.parse("PT" + e.path("value").asText().toUpperCase());
            }
        }
        long grace = podSpec.path("terminationGracePeriodSeconds").asLong(30);
        if (grace < stopGrace.toSeconds() + 15) {
            problems.add(Manifests.name(trainer) + ": terminationGracePeriodSeconds " + grace + " leaves no room for "
                    + "the hand-back, which may take FERLAB_TRAINER_STOP_GRACE (" + stopGrace.toSeconds() + " s); give "
                    + "it at least " + (stopGrace.toSeconds() + 15));
        }
        return problems;
    }

    /** No Secret value anywhere: Secrets are referenced by name, and no credential is spelled in an env value. */
    static List<String> secrets(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : objects) {
            if ("Secret".equals(o.path("kind").asText())) {
                problems.add(Manifests.name(o) + ": a Secret in the manifests; create it with kubectl instead, so that "
                        + "no value is committed");
            }
            o.findParents("secretKeyRef").forEach(p -> {
                String name = p.path("secretKeyRef").path("name").asText();
                if (!SECRETS.contains(name)) {
                    problems.add(Manifests.name(o) + ": Secret " + name + " is none of those the README tells users to "
                            + "create " + SECRETS);
                }
            });
            for (JsonNode env : o.findValues("env")) {
                for (JsonNode e : env) {
                    if (e.has("value") && e.path("name").asText().matches("(?i).*(password|secret|token|_key).*")) {
                        problems.add(Manifests.name(o) + ": " + e.path("name").asText() + " is spelled out; take it "
                                + "from a Secret (valueFrom.secretKeyRef)");
                    }
                }
            }
        }
        return problems;
    }

    /** Only the gateway is reachable from outside; every service pod is denied by default, both ways. */
    static List<String> network(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (String service : ServiceSettings.SERVICES) {
            boolean denied = false;
            for (ObjectNode p : policiesSelecting(objects, service)) {
                JsonNode spec = p.path("spec");
                Set<String> types = new TreeSet<>();
                spec.path("policyTypes").forEach(t -> types.add(t.asText()));
                if (types.containsAll(Set.of("Ingress", "Egress")) && !spec.has("ingress") && !spec.has("egress")) {
                    denied = true;
                }
                for (JsonNode rule : spec.path("ingress")) {
                    if (!rule.has("from") && !"gateway".equals(service)) {
                        problems.add(Manifests.name(p) + ": lets anyone reach " + service + "; only the gateway is "
                                + "reached from outside");
                    }
                }
            }
            if (!denied) {
                problems.add(service + ": no policy denies its traffic by default (ingress and egress)");
            }
        }
        return problems;
    }

    /** The services run as non-root on a read-only root filesystem, with memory requests and limits. */
    static List<String> hardening(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (String service : ServiceSettings.SERVICES) {
            ObjectNode d = Manifests.find(objects, "Deployment", service);
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode c = container(d);
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()) {
                problems.add(Manifests.name(d) + ": runAsNonRoot is not set");
            }
            if (!c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()) {
                problems.add(Manifests.name(d) + ": the root filesystem is writable");
            }
            if (c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(Manifests.name(d) + ": allowPrivilegeEscalation is not false");
            }
            if (c.path("resources").path("requests").path("memory").isMissingNode()
                    || c.path("resources").path("limits").path("memory").isMissingNode()) {
                problems.add(Manifests.name(d) + ": no memory request and limit");
            }
        }
        return problems;
    }

    private static List<ObjectNode> policiesSelecting(List<ObjectNode> objects, String app) {
        return objects.stream().filter(o -> "NetworkPolicy".equals(o.path("kind").asText())).filter(o -> {
            JsonNode sel = o.path("spec").path("podSelector");
            if (app.equals(sel.path("matchLabels").path("app.kubernetes.io/name").asText())) {
                return true;
            }
            for (JsonNode e : sel.path("matchExpressions")) {
                if ("app.kubernetes.io/name".equals(e.path("key").asText()) && "In".equals(e.path("operator").asText())) {
                    for (JsonNode v : e.path("values")) {
                        if (app.equals(v.asText())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }).toList();
    }

    static JsonNode container(ObjectNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
    }
}
