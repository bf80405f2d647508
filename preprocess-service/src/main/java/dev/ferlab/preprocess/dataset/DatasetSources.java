package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.synthetic.SyntheticFaces;
import java.nio.file.Path;

/** Resolves a spec's {@code dataset} string to a source. */
public final class DatasetSources {
    private DatasetSources() {
    }

    public static DatasetSource resolve(String dataset) {
        if (ExperimentSpec.SYNTHETIC_DATASET.equals(dataset)) {
            return new SyntheticSource(SyntheticFaces.DEFAULT_PER_CLASS);
        }
        return new ImageFolderSource(Path.of(dataset).toAbsolutePath().normalize());
    }
}
