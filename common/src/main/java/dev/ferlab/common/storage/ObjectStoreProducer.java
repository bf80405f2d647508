package dev.ferlab.common.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes one {@link ObjectStore} per service from {@link ObjectStoreConfig}. */
@ApplicationScoped
public class ObjectStoreProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(ObjectStoreConfig config) {
        return new ObjectStore(config.settings());
    }
}
