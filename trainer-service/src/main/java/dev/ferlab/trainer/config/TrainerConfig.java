package dev.ferlab.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Trainer settings beyond what each experiment's spec decides. */
@ConfigMapping(prefix = "ferlab.trainer")
public interface TrainerConfig {
    /** Intra-op threads of the engine; 0 leaves the engine's default (all cores). */
    @WithDefault("0")
    int computeThreads();

    /** This trainer's name in the queue's {@code holder} column; the host name and process id when unset. */
    Optional<String> name();

    /**
     * How long a claim holds without renewal. A trainer renews it every third of this while it trains; a trainer
     * that dies (kill -9) leaves its experiment to the others after at most this long.
     */
    @WithDefault("30s")
    Duration lease();

    /** How often an idle trainer looks for work in the queue. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Claims after which an experiment that keeps killing its trainers is failed instead of handed on. */
    @WithDefault("5")
    int maxAttempts();

    /** How long a stopping trainer waits for the current batch, the checkpoint and the hand-back. */
    @WithDefault("120s")
    Duration stopGrace();
}
