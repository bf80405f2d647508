package dev.ferlab.preprocess.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Preprocessor settings beyond what each experiment's spec decides. */
@ConfigMapping(prefix = "ferlab.preprocess")
public interface PreprocessConfig {
    /** Worker threads for CLAHE and SMOTE's neighbour search; 0 means one per core. */
    @WithDefault("0")
    int threads();

    /** SMOTE's k: nearest same-class neighbours considered for each base image. */
    @WithDefault("5")
    int smoteNeighbours();

    default int effectiveThreads() {
        return threads() > 0 ? threads() : Runtime.getRuntime().availableProcessors();
    }
}
