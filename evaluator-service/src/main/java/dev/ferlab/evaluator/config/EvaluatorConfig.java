package dev.ferlab.evaluator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Evaluator settings. */
@ConfigMapping(prefix = "ferlab.evaluator")
public interface EvaluatorConfig {
    /** Intra-op threads of the engine; 0 leaves the engine's default (all cores). */
    @WithDefault("0")
    int computeThreads();
}
