package dev.ferlab.gateway.weights.rest;

import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.gateway.rest.SpooledUpload;
import dev.ferlab.gateway.rest.UnknownIdException;
import dev.ferlab.gateway.weights.service.PretrainedWeights;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Pretrained weights per model: which are stored, and importing torchvision's as a safetensors file (the request
 * body, spooled to a temporary file as it arrives).
 */
@Path("/api/weights")
@Produces(MediaType.APPLICATION_JSON)
public class WeightsResource {
    private final PretrainedWeights weights;

    public WeightsResource(PretrainedWeights weights) {
        this.weights = weights;
    }

    /** Every model, stored weights or not: the dashboard's form and the CLI read it. */
    @GET
    public List<WeightsView> list() throws IOException {
        List<WeightsView> views = new ArrayList<>();
        for (ModelArchitecture m : ModelArchitecture.values()) {
            views.add(weights.descriptor(m).map(d -> WeightsView.of(m, d, null))
                    .orElseGet(() -> WeightsView.missing(m)));
        }
        return views;
    }

    @GET
    @Path("/{model}")
    public WeightsView get(@PathParam("model") String model) throws IOException {
        ModelArchitecture m = model(model);
        return weights.descriptor(m).map(d -> WeightsView.of(m, d, null))
                .orElseThrow(() -> new UnknownIdException("no pretrained " + m.id() + " weights are stored: "
                        + PretrainedWeights.howToAdd(m)));
    }

    /**
     * 201 with the stored weights; 200 when the same file is stored already; 400 saying what is wrong with the file
     * (nothing stored).
     */
    @PUT
    @Path("/{model}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public RestResponse<WeightsView> importWeights(@PathParam("model") String model, @QueryParam("name") String name,
            InputStream body) throws IOException {
        ModelArchitecture m = model(model);
        // VGG16's weights alone are 553 MB.
        try (SpooledUpload upload = SpooledUpload.of(body, ".safetensors",
                "the weights file (a safetensors file of torchvision's " + m.id() + " state_dict)")) {
            PretrainedWeights.Imported imported = weights.importFile(m, upload.file(), name);
            return RestResponse.status(imported.created() ? Response.Status.CREATED : Response.Status.OK,
                    WeightsView.of(m, imported.descriptor(), imported.parameters()));
        }
    }

    private static ModelArchitecture model(String id) {
        try {
            return ModelArchitecture.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(List.of(new FieldError("model", "unknown model '" + id + "': one of "
                    + Arrays.stream(ModelArchitecture.values()).map(ModelArchitecture::id)
                    .collect(Collectors.joining(", ")))));
        }
    }
}
