package dev.ferlab.gateway.vocabulary.rest;

import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.spec.PreprocessingVariant;
import dev.ferlab.common.spec.TransferMode;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.grid.service.GridPreset;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/**
 * The one vocabulary of experiments: models, transfer modes, preprocessing variants, statuses and grid presets,
 * each with the id the API takes and the name the study's Table 1 gives it. The dashboard and the CLI read their
 * lists from here instead of spelling them.
 */
@Path("/api/vocabulary")
@Produces(MediaType.APPLICATION_JSON)
public class VocabularyResource {

    public record Vocabulary(List<Model> models, List<Mode> transferModes, List<Variant> preprocessing,
            List<Status> statuses, List<String> presets) {
    }

    /** @param study whether the study trained it (small-cnn is ferlab's own, for tests and demos) */
    public record Model(String id, String studyName, boolean study) {
    }

    /**
     * @param studyName  how Table 1 names ResNet50's run in this mode
     * @param pretrained whether its runs start from imported weights
     */
    public record Mode(String id, String studyName, boolean pretrained) {
    }

    /**
     * @param studyName Table 1's suffix for the variant ("" for raw)
     * @param study     whether the study ran it
     */
    public record Variant(String id, String studyName, PreprocessingSubmission preprocessing, boolean study) {
    }

    /** @param terminal whether the experiment has ended */
    public record Status(String id, String description, boolean terminal) {
    }

    @GET
    public Vocabulary get() {
        return new Vocabulary(
                Arrays.stream(ModelArchitecture.values()).map(m -> new Model(m.id(), m.studyName(),
                        m != ModelArchitecture.SMALL_CNN)).toList(),
                Arrays.stream(TransferMode.values()).map(m -> new Mode(m.id(),
                        m.studyName(ModelArchitecture.RESNET50.studyName()), m != TransferMode.NONE)).toList(),
                Arrays.stream(PreprocessingVariant.values()).map(v -> new Variant(v.id(), v.studyName(),
                        v.submission(), PreprocessingVariant.STUDY.contains(v))).toList(),
                Arrays.stream(ExperimentStatus.values()).map(s -> new Status(s.name(), s.description(),
                        s.isFinal())).toList(),
                GridPreset.names());
    }
}
