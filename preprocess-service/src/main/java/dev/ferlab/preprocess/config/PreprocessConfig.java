package dev.ferlab.preprocess.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Preprocessor settings beyond what each experiment's spec decides. */
@ConfigMapping(prefix = "ferlab.preprocess")
public interface PreprocessConfig {
    /** Worker threads for CLAHE and SMOTE's neighbour search; 0 means one per core. */
    @WithDefault("0")
    int threads();

    /** SMOTE's k: nearest same-class neighbours considered for each base image. */
    @WithDefault("5")
    int smoteNeighbours();

    /** Local copies of stored datasets' data (README, "Cost as the work grows"). */
    DatasetCacheConfig datasetCache();

    interface DatasetCacheConfig {
        /** Where the copies are kept; by default {@code ferlab-datasets} in the JVM's temporary directory. */
        Optional<Path> dir();

        /** The most the copies may take on disk together; 0 keeps none, and every load reads the object store. */
        @WithDefault("1G")
        MemorySize maxSize();

        default Path effectiveDir() {
            return dir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "ferlab-datasets"));
        }
    }

    default int effectiveThreads() {
        return threads() > 0 ? threads() : Runtime.getRuntime().availableProcessors();
    }
}
