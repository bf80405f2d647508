package dev.ferlab.common.datasets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered dataset, written by the gateway beside its files in bucket {@code datasets} and read by the
 * preprocessor. Labels are canonical (the dataset's own names were mapped at import).
 *
 * @param format      {@link #IMAGE_FOLDER} (stored as {@code images.zip}) or {@link #FER2013_CSV} ({@code data.csv})
 * @param classCounts images per canonical class
 * @param usageSplits a FER2013 CSV whose Usage column decides the splits (Training / PublicTest / PrivateTest)
 * @param skipped     files or rows left out at import, each with its reason
 */
public record DatasetManifest(
        String datasetId,
        String name,
        String format,
        String contentHash,
        List<String> classes,
        Map<String, Integer> classCounts,
        Map<String, String> labelMapping,
        boolean usageSplits,
        List<Problem> skipped,
        Instant importedAt) {

    public static final String IMAGE_FOLDER = "image-folder";
    public static final String FER2013_CSV = "fer2013-csv";
    public static final String FILE_NAME = "dataset.json";
    public static final String IMAGES = "images.zip";
    public static final String CSV = "data.csv";
    /** How an experiment spec names a registered dataset: {@code dataset:<id>}. */
    public static final String REFERENCE_PREFIX = "dataset:";

    /** One file or row that could not be used, and why. */
    public record Problem(String file, String reason) {
    }

    public static String manifestKey(String datasetId) {
        return datasetId + "/" + FILE_NAME;
    }

    public String dataKey() {
        return datasetId + "/" + (FER2013_CSV.equals(format) ? CSV : IMAGES);
    }
}
