package dev.ferlab.gateway.grid.service;

import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.spec.NamedOption;
import dev.ferlab.common.spec.PreprocessingVariant;
import dev.ferlab.common.spec.TransferMode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A named grid: the values a grid submission's left-out fields take. Fields the submission gives win, so a preset
 * is a starting point, not a lock ({@code "preset": "fer2013-reduced", "epochs": 10} runs it longer).
 */
public enum GridPreset implements NamedOption {
    /** The study's 27 runs: three models, from scratch, partly and fully fine-tuned, on its three variants. */
    PAPER("paper", Stream.of(ModelArchitecture.RESNET50, ModelArchitecture.VGG16,
            ModelArchitecture.MOBILENET_V3_LARGE).map(ModelArchitecture::id).toList(),
            Arrays.stream(TransferMode.values()).map(TransferMode::id).toList(),
            PreprocessingVariant.STUDY.stream().map(PreprocessingVariant::submission).toList(), null, null,
            List.of()),
    /**
     * The study from scratch on FER-2013, cut to fit two CPU cores (README, "The study on FER-2013, reduced"):
     * 48x48, FER-2013's own resolution, since the study's upscaling adds pixels, not information, and costs four
     * times the compute; three epochs, batch 32; seed 42. Nine runs.
     */
    FER2013_REDUCED("fer2013-reduced", PAPER.models, List.of(TransferMode.NONE.id()),
            PreprocessingVariant.STUDY.stream().map(v -> v.submission().withImageSize(48)).toList(), 3, 32,
            List.of(42L));

    private final String id;
    private final List<String> models;
    private final List<String> transferModes;
    private final List<PreprocessingSubmission> preprocessing;
    private final Integer epochs;
    private final Integer batchSize;
    private final List<Long> seeds;

    GridPreset(String id, List<String> models, List<String> transferModes, List<PreprocessingSubmission> preprocessing,
            Integer epochs, Integer batchSize, List<Long> seeds) {
        this.id = id;
        this.models = models;
        this.transferModes = transferModes;
        this.preprocessing = preprocessing;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seeds = seeds;
    }

    @Override
    public String id() {
        return id;
    }

    /** Every preset's id. */
    public static List<String> names() {
        return Arrays.stream(values()).map(GridPreset::id).toList();
    }

    public List<String> models() {
        return models;
    }

    public List<String> transferModes() {
        return transferModes;
    }

    public List<PreprocessingSubmission> preprocessing() {
        return preprocessing;
    }

    /** Null where the preset leaves the experiment default. */
    public Integer epochs() {
        return epochs;
    }

    public Integer batchSize() {
        return batchSize;
    }

    /** Empty where the preset leaves the default seed. */
    public List<Long> seeds() {
        return seeds;
    }
}
