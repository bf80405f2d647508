package dev.ferlab.common.fault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the service's one {@link Retrying} from {@link RetryConfig}. */
@ApplicationScoped
public class RetryingProducer {

    @Produces
    @Singleton
    Retrying retrying(RetryConfig config) {
        return new Retrying(config.settings());
    }
}
