package dev.ferlab.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Gateway settings. */
@ConfigMapping(prefix = "ferlab.gateway")
public interface GatewayConfig {
    /**
     * The API token every state-changing request must carry ({@code Authorization: Bearer <token>}); from
     * {@code FERLAB_API_TOKEN}. When unset the gateway makes one for its run and logs it (see ApiToken).
     */
    Optional<String> apiToken();
}
