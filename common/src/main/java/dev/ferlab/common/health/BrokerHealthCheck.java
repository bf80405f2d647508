package dev.ferlab.common.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Kafka broker, by name, answered within seconds (the framework's own check waits a minute when
 * the broker is away, longer than any probe). Readiness only: a service whose broker is away waits (its sends and
 * commits are retried), so liveness stays up and an orchestrator does not restart it.
 */
@Readiness
@ApplicationScoped
public class BrokerHealthCheck implements HealthCheck {
    public static final String NAME = "broker";
    private static final int TIMEOUT_MS = 3000;
    private final String bootstrap;
    private Admin admin;

    public BrokerHealthCheck(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS).stream().map(n -> n.host() + ":" + n.port())
                    .collect(Collectors.joining(","));
            return HealthCheckResponse.named(NAME).up().withData("bootstrap", bootstrap).withData("nodes", nodes)
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named(NAME).down().withData("bootstrap", bootstrap)
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
            p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            admin = Admin.create(p);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
