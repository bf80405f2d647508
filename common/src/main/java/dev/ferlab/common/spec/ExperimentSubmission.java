package dev.ferlab.common.spec;

/**
 * An experiment as a client sends it: every field optional and loosely typed, so that validation, not JSON
 * parsing, tells the user what is wrong. {@link SpecValidator} turns it into an {@link ExperimentSpec}.
 */
public record ExperimentSubmission(
        String dataset,
        PreprocessingSubmission preprocessing,
        String model,
        String transferMode,
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Long seed,
        Integer maxBatchesPerEpoch,
        Integer earlyStoppingPatience) {

    /**
     * The preprocessing part of a submission; null fields take the study's defaults. In JSON it is an object, or
     * the name of a {@link PreprocessingVariant} ({@code "clahe+smote"}).
     */
    public record PreprocessingSubmission(
            Integer imageSize,
            Boolean clahe,
            Double claheClipLimit,
            Integer claheTileGrid,
            String balancing,
            Boolean balanceBeforeSplit,
            String groupBy,
            Integer folds,
            Integer fold) {

        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        public static PreprocessingSubmission named(String variant) {
            return PreprocessingVariant.parse(variant).submission();
        }

        public PreprocessingSubmission withImageSize(Integer size) {
            return new PreprocessingSubmission(size, clahe, claheClipLimit, claheTileGrid, balancing,
                    balanceBeforeSplit, groupBy, folds, fold);
        }

        /** The same, cross-validated: fold {@code fold} of {@code folds} tested. */
        public PreprocessingSubmission withFold(int folds, int fold) {
            return new PreprocessingSubmission(imageSize, clahe, claheClipLimit, claheTileGrid, balancing,
                    balanceBeforeSplit, groupBy, folds, fold);
        }
    }
}
