package dev.ferlab.common.shards;

/**
 * What a shard set's validation and test images share with its training split, found when the set is written:
 * images whose exact pixels are in training; images within {@code hammingThreshold} bits of a training image's
 * 64-bit difference hash (dHash: near duplicates, such as a video's neighbouring frames; exact ones included); and,
 * when SMOTE ran before the split, images that were the base or neighbour of a synthetic image now in training.
 */
public record LeakageAudit(int hammingThreshold, SplitLeakage validation, SplitLeakage test) {
    /**
     * Of 64 bits: a near duplicate differs from a training image in at most this many. On CK+48 (48x48), the test
     * images' nearest training hash is 0 or 1 bit away for 60 of 99 when split image by image (frames of one
     * sequence), and never under 2 bits when split by subject, where aligned faces of other people begin.
     */
    public static final int HAMMING_THRESHOLD = 1;

    /** Counts of one split's images. */
    public record SplitLeakage(int images, int exactInTraining, int nearInTraining, int sourcesOfTrainingSynthetics) {
        public boolean leaks() {
            return exactInTraining > 0 || nearInTraining > 0 || sourcesOfTrainingSynthetics > 0;
        }
    }

    public boolean leaks() {
        return validation.leaks() || test.leaks();
    }
}
