package dev.ferlab.gateway.experiment.rest;

import dev.ferlab.common.spec.ExperimentSubmission;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.common.spec.SpecValidator;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.service.ExperimentService;
import dev.ferlab.gateway.experiment.service.ProgressBroadcaster;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import dev.ferlab.gateway.rest.IdempotencyKeys;
import dev.ferlab.gateway.rest.UnknownIdException;
import jakarta.ws.rs.Consumes;
import dev.ferlab.gateway.deletion.service.DeletionService;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Submit experiments and follow them. */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentResource {
    private static final int MAX_LIST = 500;
    private final ExperimentService experiments;
    private final ProgressBroadcaster progress;
    private final DeletionService deletions;

    public ExperimentResource(ExperimentService experiments, ProgressBroadcaster progress, DeletionService deletions) {
        this.experiments = experiments;
        this.progress = progress;
        this.deletions = deletions;
    }

    /**
     * Deletes an ended experiment with everything it owns (rows, checkpoints, model, predictions, shard sets no
     * other experiment uses); {@code dryRun=true} lists them and deletes nothing. 409 while it runs.
     */
    @DELETE
    @Path("/{id}")
    @io.smallrye.common.annotation.Blocking
    public DeletionService.Plan delete(@PathParam("id") String id, @QueryParam("dryRun") boolean dryRun) {
        return deletions.experiment(id, dryRun);
    }

    /**
     * Validates, stores and queues one experiment; 202 with its id and where to follow it. With an
     * {@code Idempotency-Key} seen before: 200 with that experiment, and nothing created.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<ExperimentView> submit(ExperimentSubmission submission,
            @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, UriInfo uri) {
        ExperimentService.Submitted s = experiments.submit(SpecValidator.validate(submission), idempotencyKey);
        Experiment e = s.experiment();
        return RestResponse.ResponseBuilder.<ExperimentView>create(s.created() ? Response.Status.ACCEPTED
                : Response.Status.OK, ExperimentView.of(e, List.of()))
                .location(uri.getBaseUriBuilder().path("api/experiments").path(e.id).build()).build();
    }

    /**
     * Live progress of every experiment (Server-Sent Events), for a page that shows many: the newest {@code limit}
     * (30, at most 500) as stored, oldest first, then every change of any experiment, a new one's included, for as
     * long as the client stays. One connection, however many experiments run.
     */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<ProgressUpdate> allEvents(@QueryParam("limit") Integer limit) {
        int n = limit == null ? 30 : limit;
        if (n < 1 || n > MAX_LIST) {
            throw new InvalidSpecException(List.of(new FieldError("limit",
                    "must be between 1 and " + MAX_LIST + ", got " + n)));
        }
        List<ProgressUpdate> newestFirst = experiments.latestProgress(n);
        List<ProgressUpdate> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return progress.all(oldestFirst);
    }

    /**
     * Live progress (Server-Sent Events): the experiment as stored, then every change (epoch, loss, accuracy,
     * images per second, time left), until it ends.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<ProgressUpdate> events(@PathParam("id") String id) {
        return progress.experiment(experiments.progress(id, experiments.queuePositions())
                .orElseThrow(() -> new UnknownIdException("experiment", id)));
    }

    /** Stops an experiment that has not ended; 409 when it has. */
    @POST
    @Path("/{id}/cancel")
    public ExperimentView cancel(@PathParam("id") String id) {
        return ExperimentView.of(experiments.cancel(id), null);
    }

    /**
     * Retries a failed or cancelled experiment (202): one that failed with its model stored is evaluated again, the
     * same experiment; any other is submitted again as a new one naming it ({@code retryOf}). 409 for any other
     * status.
     */
    @POST
    @Path("/{id}/retry")
    public RestResponse<ExperimentView> retry(@PathParam("id") String id, UriInfo uri) {
        Experiment e = experiments.retry(id).experiment();
        return RestResponse.ResponseBuilder.<ExperimentView>create(Response.Status.ACCEPTED,
                ExperimentView.of(e, List.of())).location(uri.getBaseUriBuilder().path("api/experiments")
                .path(e.id).build()).build();
    }

    @GET
    @Path("/{id}")
    public ExperimentView get(@PathParam("id") String id) {
        return experiments.find(id).map(e -> ExperimentView.of(e, experiments.curve(id),
                        experiments.queuePositions().get(id)))
                .orElseThrow(() -> new UnknownIdException("experiment", id));
    }

    /** Newest first; {@code status}, {@code model} and {@code grid} filter, {@code limit} caps (at most 500). */
    @GET
    public List<ExperimentView> list(@QueryParam("status") String status, @QueryParam("model") String model,
            @QueryParam("grid") String grid, @QueryParam("limit") Integer limit) {
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
        Map<String, Integer> positions = experiments.queuePositions();
        return experiments.list(wanted, Optional.ofNullable(model).filter(m -> !m.isBlank()).map(String::trim),
                Optional.ofNullable(grid).filter(g -> !g.isBlank()).map(String::trim), n).stream()
                .map(e -> ExperimentView.of(e, null, positions.get(e.id))).toList();
    }
}
