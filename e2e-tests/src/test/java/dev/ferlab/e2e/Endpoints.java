package dev.ferlab.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where the stack's parts listen, and the environment that points the services at them. */
record Endpoints(String kafkaBootstrap, String s3Endpoint, String s3AccessKey, String s3SecretKey, String pgHost,
        int pgPort, String pgUser, String pgPassword, String database) {

    String jdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FERLAB_KAFKA", kafkaBootstrap);
        env.put("FERLAB_OBJECT_STORE_ENDPOINT", s3Endpoint);
        env.put("FERLAB_OBJECT_STORE_ACCESS_KEY", s3AccessKey);
        env.put("FERLAB_OBJECT_STORE_SECRET_KEY", s3SecretKey);
        env.put("FERLAB_DB_URL", jdbcUrl());
        env.put("FERLAB_DB_USER", pgUser);
        env.put("FERLAB_DB_PASSWORD", pgPassword);
        return env;
    }
}
