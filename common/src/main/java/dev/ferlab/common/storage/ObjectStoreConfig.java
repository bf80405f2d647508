package dev.ferlab.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Object-store connection of every service that touches objects. The defaults match the local stack
 * ({@code ./ferlab up}); anywhere else set {@code FERLAB_OBJECT_STORE_ENDPOINT}, {@code ..._ACCESS_KEY} and
 * {@code ..._SECRET_KEY}.
 */
@ConfigMapping(prefix = "ferlab.object-store")
public interface ObjectStoreConfig {
    /** S3 API endpoint: the local S3Proxy, MinIO, or S3. */
    @WithDefault("http://127.0.0.1:19000")
    String endpoint();

    /** Local-only default; a real deployment passes its own through the environment. */
    @WithDefault("ferlab-local")
    String accessKey();

    /** Local-only default; a real deployment passes its own through the environment. */
    @WithDefault("ferlab-local-secret")
    String secretKey();

    /** Signing region; S3-compatible servers accept any. */
    @WithDefault("us-east-1")
    String region();

    default ObjectStoreSettings settings() {
        return new ObjectStoreSettings(endpoint(), accessKey(), secretKey(), region());
    }
}
