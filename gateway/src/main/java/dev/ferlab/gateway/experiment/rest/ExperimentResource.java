package dev.ferlab.gateway.experiment.rest;

import dev.ferlab.common.spec.ExperimentSubmission;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.common.spec.SpecValidator;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.service.ExperimentService;
import dev.ferlab.gateway.rest.ErrorResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;

/** Submit experiments and follow them. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
    private static final int MAX_LIST = 500;
    private final ExperimentService experiments;

    public ExperimentResource(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /** Validates, stores and queues one experiment; 202 with its id and where to follow it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ExperimentView> submit(ExperimentSubmission submission, UriInfo uri) {
        Experiment e = experiments.submit(SpecValidator.validate(submission));
        return RestResponse.ResponseBuilder.<ExperimentView>create(Response.Status.ACCEPTED,
                ExperimentView.of(e, List.of())).location(uri.getAbsolutePathBuilder().path(e.id).build()).build();
    }

    @GET
    @Path("/{id}")
    public RestResponse<?> get(@PathParam("id") String id) {
        return experiments.find(id)
                .<RestResponse<?>>map(e -> RestResponse.ok(ExperimentView.of(e, experiments.curve(id))))
                .orElseGet(() -> RestResponse.status(Response.Status.NOT_FOUND,
                        ErrorResponse.of("no experiment with id " + id)));
    }

    /** Newest first; {@code status} filters, {@code limit} caps the count (at most 500). */
    @GET
    public List<ExperimentView> list(@QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        Optional<ExperimentStatus> wanted = Optional.ofNullable(status).filter(s -> !s.isBlank()).map(s -> {
            try {
                return ExperimentStatus.valueOf(s.trim().toUpperCase());
            } catch (IllegalArgumentException unknown) {
                throw new InvalidSpecException(List.of(new FieldError("status", "unknown status '" + s
                        + "'; expected one of " + Arrays.stream(ExperimentStatus.values()).map(Enum::name)
                                .collect(Collectors.joining(", ")))));
            }
        });
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX_LIST) {
            throw new InvalidSpecException(List.of(new FieldError("limit",
                    "must be between 1 and " + MAX_LIST + ", got " + n)));
        }
        return experiments.list(wanted, n).stream().map(e -> ExperimentView.of(e, null)).toList();
    }
}
