package dev.ferlab.common.fault;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How every service retries (see {@link Retrying}); the defaults suit both a laptop and a cluster. */
@ConfigMapping(prefix = "ferlab.retry")
public interface RetryConfig {
    /** Pause before the first retry of an infrastructure fault; it doubles with every retry. */
    @WithDefault("500ms")
    Duration firstDelay();

    /** The longest pause between two retries of an infrastructure fault (they go on for as long as it lasts). */
    @WithDefault("15s")
    Duration maxDelay();

    /** Tries of a failure that is not the infrastructure's before its message goes to the dead-letter topic. */
    @WithDefault("3")
    int attempts();

    default Retrying.Settings settings() {
        return new Retrying.Settings(firstDelay(), maxDelay(), attempts());
    }
}
