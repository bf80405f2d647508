package dev.ferlab.preprocess.dataset;

import java.io.IOException;
import java.util.List;

/** A dataset the preprocessor can read: its content hash (identity) and its images at a target size. */
public interface DatasetSource {

    /** SHA-256 of the dataset's content: the same files give the same hash, wherever they lie. */
    String contentHash() throws IOException;

    /** Every image, grayscale and resized to {@code size} x {@code size}, in a deterministic order. */
    List<LabeledImage> load(int size) throws IOException;
}
