package dev.ferlab.common.messaging;

import java.util.List;
import java.util.Map;

/** The consumer group of each service and the topics it consumes: the only place they are spelled in Java. */
public final class ConsumerGroups {
    public static final String GATEWAY = "ferlab-gateway";
    public static final String PREPROCESS = "ferlab-preprocess";
    public static final String TRAINER = "ferlab-trainer";
    public static final String EVALUATOR = "ferlab-evaluator";

    /** Which group consumes which topics; each pair has its dead-letter topic ({@link Topics#deadLetter}). */
    public static final Map<String, List<String>> CONSUMED = Map.of(
            GATEWAY, List.of(Topics.PREPROCESSING_PROGRESS, Topics.SHARDS_READY, Topics.TRAINING_STARTED,
                    Topics.TRAINING_PROGRESS, Topics.MODELS_TRAINED, Topics.EVALUATIONS_COMPLETED,
                    Topics.EVALUATIONS_FAILED, Topics.EXPERIMENTS_FAILED),
            PREPROCESS, List.of(Topics.EXPERIMENTS_REQUESTED, Topics.EVALUATIONS_REQUESTED),
            TRAINER, List.of(Topics.SHARDS_READY, Topics.EXPERIMENTS_CANCELLED),
            EVALUATOR, List.of(Topics.MODELS_TRAINED, Topics.EVALUATIONS_PREPARED));

    /** Every dead-letter topic of the pipeline. */
    public static List<String> deadLetterTopics() {
        return CONSUMED.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().stream().map(t -> Topics.deadLetter(e.getKey(), t))).toList();
    }

    /**
     * What is wrong with the channel settings of the service whose {@code application.properties} the class loader
     * finds; empty when all is well. Each service's test calls this.
     */
    public static List<String> problemsOfService(ClassLoader loader) throws java.io.IOException {
        java.util.Properties settings = new java.util.Properties();
        try (java.io.InputStream in = loader.getResourceAsStream("application.properties")) {
            if (in == null) {
                return List.of("no application.properties on the class path");
            }
            settings.load(in);
        }
        if (settings.stringPropertyNames().stream().noneMatch(n -> n.endsWith(".dead-letter-queue.topic"))) {
            return List.of("no incoming channel has a dead-letter topic");
        }
        return problems(settings);
    }

    /**
     * What is wrong with a service's channel settings: every incoming channel's dead-letter topic must be its
     * group's for its topic. Empty when all is well.
     */
    public static List<String> problems(java.util.Properties settings) {
        String defaultGroup = settings.getProperty("mp.messaging.connector.smallrye-kafka.group.id");
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (String name : settings.stringPropertyNames()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic")
                    .matcher(name);
            if (!m.matches()) {
                continue;
            }
            String channel = "mp.messaging.incoming." + m.group(1) + ".";
            String topic = settings.getProperty(name);
            String group = settings.getProperty(channel + "group.id", defaultGroup);
            if (group == null || !CONSUMED.getOrDefault(group, List.of()).contains(topic)) {
                problems.add(m.group(1) + ": group " + group + " is not listed as a consumer of " + topic);
                continue;
            }
            String dlq = settings.getProperty(channel + "dead-letter-queue.topic");
            if (!Topics.deadLetter(group, topic).equals(dlq)) {
                problems.add(m.group(1) + ": dead-letter topic " + dlq + ", expected "
                        + Topics.deadLetter(group, topic));
            }
        }
        return problems;
    }

    private ConsumerGroups() {
    }
}
