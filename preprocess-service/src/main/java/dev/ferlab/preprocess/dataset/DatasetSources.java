package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.datasets.DatasetManifest;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.common.synthetic.SyntheticFaces;
import java.nio.file.Path;

/**
 * Resolves a spec's {@code dataset}: {@code builtin:synthetic-faces}, {@code dataset:<id>} (registered through the
 * gateway), or a folder path the preprocessor can read.
 */
public final class DatasetSources {
    private DatasetSources() {
    }

    public static DatasetSource resolve(String dataset, ObjectStore store, DatasetCache cache) {
        if (ExperimentSpec.SYNTHETIC_DATASET.equals(dataset)) {
            return new SyntheticSource(SyntheticFaces.DEFAULT_PER_CLASS);
        }
        if (dataset.startsWith(DatasetManifest.REFERENCE_PREFIX)) {
            return new StoredDatasetSource(store, dataset.substring(DatasetManifest.REFERENCE_PREFIX.length()),
                    cache);
        }
        return new ImageFolderSource(Path.of(dataset).toAbsolutePath().normalize());
    }
}
