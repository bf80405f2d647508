package dev.ferlab.common.fault;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the service's one {@link Retrying} from {@link RetryConfig}, told when the service shuts down. */
@ApplicationScoped
public class RetryingProducer {
    private volatile boolean stopping;

    @Produces
    @Singleton
    Retrying retrying(RetryConfig config) {
        return new Retrying(config.settings(), () -> stopping);
    }

    // Observed before the pools and the entity manager close: work failing from then on is not the work's fault.
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
