package dev.ferlab.gateway.grid.rest;

import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import dev.ferlab.common.spec.PreprocessingVariant;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/** The named preprocessing variants a grid accepts by name (the dashboard's form lists them from here). */
@Path("/api/preprocessing-variants")
@Produces(MediaType.APPLICATION_JSON)
public class PreprocessingVariantResource {

    /** @param study whether the study ran it */
    public record VariantView(String id, PreprocessingSubmission preprocessing, boolean study) {
    }

    @GET
    public List<VariantView> list() {
        return Arrays.stream(PreprocessingVariant.values()).map(v -> new VariantView(v.id(), v.submission(),
                PreprocessingVariant.STUDY.contains(v))).toList();
    }
}
