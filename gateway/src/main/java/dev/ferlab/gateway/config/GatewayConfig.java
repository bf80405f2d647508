package dev.ferlab.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Gateway settings. */
@ConfigMapping(prefix = "ferlab.gateway")
public interface GatewayConfig {
    /**
     * The API token every state-changing request must carry ({@code Authorization: Bearer <token>}); from
     * {@code FERLAB_API_TOKEN}. When unset the gateway makes one for its run and logs it (see ApiToken).
     */
    Optional<String> apiToken();

    /**
     * Limits on a dataset archive (ArchiveLimits), each set by its environment variable, e.g.
     * {@code FERLAB_GATEWAY_IMPORTS_MAX_ENTRIES}.
     */
    Imports imports();

    interface Imports {
        /** Entries in one archive, folders included: FER-2013's whole training set has 28,716. */
        @WithDefault("300000")
        int maxEntries();

        /** One entry, inflated. */
        @WithDefault("32M")
        MemorySize maxEntrySize();

        /** All entries of one archive, inflated: what the import writes to the gateway's temporary folder. */
        @WithDefault("4G")
        MemorySize maxInflatedSize();

        /** Inflated over compressed size, for an entry above 1 MiB and for the whole archive. */
        @WithDefault("100")
        int maxRatio();
    }

    /** The reconciler: how long each stage may go without progress before its input is published again. */
    Reconcile reconcile();

    interface Reconcile {
        /** How often open experiments are looked at. */
        @WithDefault("15s")
        Duration interval();

        /** Accepted, but the preprocessor has not reported a step. */
        @WithDefault("2m")
        Duration queued();

        /** Since the preprocessor's last step (hashing, loading, CLAHE, balancing, writing). */
        @WithDefault("15m")
        Duration preprocessing();

        /**
         * Shards ready, but no trainer holds the experiment or has it queued, or its training ended without the
         * gateway hearing of it. An experiment that waits in the training queue, or that a live trainer holds (its
         * lease renewed), is never stalled, however long an epoch takes.
         */
        @WithDefault("5m")
        Duration training();

        /** Since the model was announced, or the last split's result. */
        @WithDefault("30m")
        Duration evaluating();
    }
}
