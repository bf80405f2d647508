package dev.ferlab.gateway.grid.rest;

import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.gateway.experiment.rest.ProgressUpdate;
import dev.ferlab.gateway.experiment.service.ExperimentService;
import dev.ferlab.gateway.experiment.service.ProgressBroadcaster;
import dev.ferlab.gateway.grid.repository.GridRepository;
import dev.ferlab.gateway.grid.service.GridService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import dev.ferlab.gateway.grid.service.ResultRow;
import dev.ferlab.gateway.grid.service.Table1;
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
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Submit a grid of experiments, follow it, and export its results as the study's Table 1. */
@Path("/api/grids")
@Produces(MediaType.APPLICATION_JSON)
public class GridResource {
    private static final int MAX_LIST = 200;
    private final GridService grids;
    private final ExperimentService experiments;
    private final ProgressBroadcaster progress;
    private final DeletionService deletions;

    public GridResource(GridService grids, ExperimentService experiments, ProgressBroadcaster progress,
            DeletionService deletions) {
        this.grids = grids;
        this.experiments = experiments;
        this.progress = progress;
        this.deletions = deletions;
    }

    /**
     * Deletes a grid whose experiments have all ended, with the experiments and everything they own;
     * {@code dryRun=true} lists it all and deletes nothing. 409 while any of them runs.
     */
    @DELETE
    @Path("/{id}")
    @Blocking
    public DeletionService.Plan delete(@PathParam("id") String id, @QueryParam("dryRun") boolean dryRun) {
        return deletions.grid(id, dryRun);
    }

    /**
     * 202 with the new grid; 200 with the earlier one when {@code Idempotency-Key} repeats a submission's key.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(GridSubmission submission, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
            UriInfo uri) {
        GridService.Submitted s = grids.submit(submission, idempotencyKey);
        return Response.status(s.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(uri.getBaseUriBuilder().path("api/grids").path(s.grid().id).build())
                .entity(GridView.of(s.grid(), s.experiments(), Map.of())).build();
    }

    /**
     * Completes the grid: queues its missing, failed and cancelled cells, and the cells of an optional body (a grid
     * submission whose left-out fields are the grid's: {@code {"seeds": [4]}} adds a seed to every cell), never a
     * cell that is running or done. 202 with what was queued and kept; 404 for an unknown grid.
     */
    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(@PathParam("id") String id, GridSubmission additions) {
        GridRepository.Completion c = grids.complete(id, additions);
        return Response.status(Response.Status.ACCEPTED).entity(new CompletionView(c.grid().id, c.added(),
                c.retried(), c.kept(), c.queued().stream().map(e -> e.id).toList())).build();
    }

    /** A completion's answer: cells added, failed or cancelled cells run again, cells kept, the queued ids. */
    public record CompletionView(String gridId, int added, int retried, int kept, List<String> queued) {
    }

    @GET
    public List<GridView> list(@QueryParam("limit") Integer limit) {
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > MAX_LIST) {
            throw new InvalidSpecException(List.of(new FieldError("limit", "must be between 1 and " + MAX_LIST
                    + ", got " + n)));
        }
        Map<String, Integer> positions = experiments.queuePositions();
        return grids.newest(n).stream().map(g -> GridView.of(g, grids.experiments(g.id), positions)).toList();
    }

    @GET
    @Path("/{id}")
    public GridView get(@PathParam("id") String id) {
        return grids.find(id).map(g -> GridView.of(g, grids.experiments(g.id), experiments.queuePositions()))
                .orElseThrow(() -> new UnknownIdException("grid", id));
    }

    /** Live progress of every experiment of the grid (Server-Sent Events), until all have ended. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<ProgressUpdate> events(@PathParam("id") String id) {
        grids.find(id).orElseThrow(() -> new UnknownIdException("grid", id));
        Map<String, Integer> positions = experiments.queuePositions();
        List<ProgressUpdate> now = grids.experiments(id).stream()
                .map(e -> experiments.progress(e.id, positions).orElseThrow()).toList();
        return progress.grid(id, now);
    }

    /** Each cell's evaluated runs (seeds, folds) summarised: mean, standard deviation and 95% interval. */
    @GET
    @Path("/{id}/cells")
    public List<dev.ferlab.gateway.grid.service.Table1.CellSummary> cells(@PathParam("id") String id) {
        grids.find(id).orElseThrow(() -> new UnknownIdException("grid", id));
        return dev.ferlab.gateway.grid.service.Table1.cells(grids.results(id));
    }

    /**
     * The grid's results, one row per experiment: JSON without {@code format}; with {@code format=csv},
     * {@code markdown} or {@code latex}, the study's Table 1 as a file.
     */
    @GET
    @Path("/{id}/results")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "text/markdown", "application/x-latex"})
    public Response results(@PathParam("id") String id, @QueryParam("format") String format) {
        grids.find(id).orElseThrow(() -> new UnknownIdException("grid", id));
        List<ResultRow> rows = grids.results(id);
        if (format == null || format.isBlank() || format.equalsIgnoreCase("json")) {
            return Response.ok(rows, MediaType.APPLICATION_JSON).build();
        }
        Table1.Format f = Table1.Format.parse(format);
        return Response.ok(Table1.render(rows, f), f.mediaType + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"grid-" + id + "-table1." + f.extension
                        + "\"").build();
    }
}
