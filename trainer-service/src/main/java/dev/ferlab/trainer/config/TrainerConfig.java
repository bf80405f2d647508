package dev.ferlab.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Trainer settings beyond what each experiment's spec decides. */
@ConfigMapping(prefix = "ferlab.trainer")
public interface TrainerConfig {
    /** Intra-op threads of the engine; 0 leaves the engine's default (all cores). */
    @WithDefault("0")
    int computeThreads();
}
