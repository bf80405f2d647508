package dev.ferlab.common.spec;

/**
 * What the preprocessor does to a dataset before training. Defaults are the study's values.
 *
 * @param imageSize          side of the square grayscale images the model sees
 * @param clahe              contrast-limited adaptive histogram equalisation on or off
 * @param claheClipLimit     CLAHE clip limit
 * @param claheTileGrid      CLAHE tiles per side
 * @param balancing          class balancing of the training split
 * @param balanceBeforeSplit balance the whole dataset before splitting, as the study did (leaks into the test split)
 * @param groupBy            a regular expression over each image's file name whose first group (or whole match)
 *                           names the image's group, a subject for instance: no group then has images in two splits.
 *                           Null: images are split one by one. Left out of the JSON when null, so that the shard set
 *                           ids of ungrouped specs stay what they were.
 * @param folds              k of k-fold cross-validation, or null for the 80/10/10 split: the data is dealt into k
 *                           stratified folds (whole groups when grouped); fold {@code fold} is the test split, the
 *                           next one the validation split, the others training (k = 10 is 80/10/10 again)
 * @param fold               which fold is tested, 0 to k - 1; null without folds
 */
public record PreprocessingSpec(
        int imageSize,
        boolean clahe,
        double claheClipLimit,
        int claheTileGrid,
        Balancing balancing,
        boolean balanceBeforeSplit,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String groupBy,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer folds,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Integer fold) {

    public static final int DEFAULT_IMAGE_SIZE = 96;
    public static final double DEFAULT_CLAHE_CLIP_LIMIT = 2.0;
    public static final int DEFAULT_CLAHE_TILE_GRID = 8;

    public static PreprocessingSpec defaults() {
        return new PreprocessingSpec(DEFAULT_IMAGE_SIZE, false, DEFAULT_CLAHE_CLIP_LIMIT, DEFAULT_CLAHE_TILE_GRID,
                Balancing.NONE, false, null, null, null);
    }
}
