package dev.ferlab.gateway.rest;

import dev.ferlab.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * The token that state-changing requests must present. It comes from configuration; none is built in. A gateway
 * started without one makes a random token for its run and logs it once, so that it is never open by accident.
 */
@ApplicationScoped
public class ApiToken {
    private static final Logger LOG = Logger.getLogger(ApiToken.class);
    private final byte[] token;

    public ApiToken(GatewayConfig config) {
        String configured = config.apiToken().map(String::trim).filter(t -> !t.isEmpty()).orElse(null);
        if (configured == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            configured = HexFormat.of().formatHex(random);
            LOG.warnf("FERLAB_API_TOKEN is not set: requests that change state need this token, made for this run: "
                    + "%s", configured);
        }
        this.token = configured.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so the answer's timing tells nothing about the token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
