package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;

/** The gateway is the only writer of bucket {@code datasets}: it makes sure the bucket exists. */
@ApplicationScoped
class DatasetBucket {
    void onStart(@Observes StartupEvent start, ObjectStore store) throws IOException {
        store.ensureBucket(Buckets.DATASETS);
    }
}
