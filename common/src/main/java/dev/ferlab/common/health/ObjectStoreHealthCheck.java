package dev.ferlab.common.health;

import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.common.storage.ObjectStoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the object store, by name, in every service that uses one. Readiness only: a service whose store is
 * away waits (its work is retried), so liveness stays up and an orchestrator does not restart it.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {
    public static final String NAME = "object store";
    private final ObjectStore store;
    private final ObjectStoreConfig config;

    public ObjectStoreHealthCheck(ObjectStore store, ObjectStoreConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            store.ping();
            return HealthCheckResponse.named(NAME).up().withData("endpoint", config.endpoint()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named(NAME).down().withData("endpoint", config.endpoint())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
