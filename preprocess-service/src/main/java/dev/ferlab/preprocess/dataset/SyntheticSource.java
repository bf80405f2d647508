package dev.ferlab.preprocess.dataset;

import dev.ferlab.common.hash.Sha256;
import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.synthetic.SyntheticFaces;
import dev.ferlab.preprocess.image.GrayImages;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

/** The built-in generated faces ({@code builtin:synthetic-faces}): fixed count and seed, so a fixed identity. */
public final class SyntheticSource implements DatasetSource {
    /** The generator's seed is part of the dataset's identity, independent of any experiment seed. */
    static final long GENERATOR_SEED = 2026;
    private final int perClass;

    public SyntheticSource(int perClass) {
        this.perClass = perClass;
    }

    @Override
    public String contentHash() {
        return Sha256.hex("synthetic-faces/v1/" + perClass + "/" + GENERATOR_SEED);
    }

    @Override
    public List<LabeledImage> load(int size) {
        List<LabeledImage> images = new ArrayList<>();
        for (EmotionLabel label : EmotionLabel.values()) {
            for (int i = 0; i < perClass; i++) {
                byte[] drawn = ((DataBufferByte) SyntheticFaces.render(label, i, GENERATOR_SEED).getRaster()
                        .getDataBuffer()).getData();
                images.add(new LabeledImage(label, label.canonical() + "/" + i,
                        GrayImages.resize(drawn, SyntheticFaces.SIZE, SyntheticFaces.SIZE, size)));
            }
        }
        return images;
    }
}
