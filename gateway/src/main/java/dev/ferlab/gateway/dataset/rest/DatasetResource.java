package dev.ferlab.gateway.dataset.rest;

import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.gateway.dataset.repository.Dataset;
import dev.ferlab.gateway.dataset.service.DatasetService;
import dev.ferlab.gateway.dataset.service.ImportJobs;
import dev.ferlab.gateway.dataset.service.ImportProgress;
import dev.ferlab.gateway.dataset.service.ImportRequest;
import dev.ferlab.gateway.rest.ErrorResponse;
import dev.ferlab.gateway.rest.SpooledUpload;
import dev.ferlab.gateway.rest.UnknownIdException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** Register datasets (from a path the gateway reads, or uploaded) and list them. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
    /** RFC 7240: a client that sends {@code Prefer: respond-async} gets a job to poll instead of the dataset. */
    private static final String RESPOND_ASYNC = "respond-async";
    private final DatasetService datasets;
    private final ImportProgress progress;
    private final ImportJobs jobs;

    public DatasetResource(DatasetService datasets, ImportProgress progress, ImportJobs jobs) {
        this.datasets = datasets;
        this.progress = progress;
        this.jobs = jobs;
    }

    /**
     * 201 with the new dataset, or 200 with the one already registered for the same content; with {@code Prefer:
     * respond-async}, 202 and the import's state at once, its {@code Location} to poll.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<?> importPath(PathImport body, @HeaderParam("Prefer") String prefer) throws IOException {
        if (body == null || body.path() == null || body.path().isBlank()) {
            throw new InvalidSpecException(List.of(new FieldError("path",
                    "is required: a folder of class folders, a .zip of one, or a FER2013 .csv")));
        }
        java.nio.file.Path path = java.nio.file.Path.of(body.path()).toAbsolutePath().normalize();
        ImportRequest request = new ImportRequest(body.name(), body.labelMapping(),
                Boolean.TRUE.equals(body.skipInvalid()), Boolean.TRUE.equals(body.usageSplits()),
                importId(body.importId(), prefer));
        return importing(request.importId(), prefer, () -> datasets.importPath(path, request), () -> { });
    }

    /**
     * The request body is the dataset itself: a zip of class folders ({@code format=zip}) or a FER2013 CSV
     * ({@code format=csv}), spooled to a temporary file as it arrives and read from there one image or row at a
     * time. {@code map=folder:label} entries extend the label mapping.
     */
    @POST
    @Path("/upload")
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM, "text/csv"})
    public RestResponse<?> upload(@QueryParam("name") String name, @QueryParam("format") String format,
            @QueryParam("map") List<String> map, @QueryParam("skipInvalid") @DefaultValue("false") boolean skip,
            @QueryParam("usageSplits") @DefaultValue("false") boolean usageSplits,
            @QueryParam("importId") String importId, @HeaderParam("Prefer") String prefer, InputStream body)
            throws IOException {
        if (name == null || name.isBlank()) {
            throw new InvalidSpecException(List.of(new FieldError("name", "is required (query parameter)")));
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String entry : map == null ? List.<String>of() : map) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new InvalidSpecException(List.of(new FieldError("map",
                        "'" + entry + "' is not folder:label, e.g. map=happy:happiness")));
            }
            mapping.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        String kind = format == null ? "zip" : format.trim().toLowerCase(java.util.Locale.ROOT);
        ImportRequest request = new ImportRequest(name, mapping, skip, usageSplits, importId(importId, prefer));
        // The body is received here either way; a job then checks and stores it, and deletes it when it ends.
        SpooledUpload upload = SpooledUpload.of(body, ".upload", "the dataset file (a zip or a csv)");
        return importing(request.importId(), prefer, () -> datasets.importFile(upload.file(), kind, request),
                upload::deleteQuietly);
    }

    @GET
    public List<DatasetView> list() {
        return datasets.list().stream().map(d -> DatasetView.of(d, false)).toList();
    }

    /**
     * How far the import with this id is: RUNNING (files or rows checked), DONE (with its dataset) or FAILED (with the
     * status and fields a synchronous import would have answered).
     */
    @GET
    @Path("/imports/{importId}")
    public RestResponse<?> importProgress(@PathParam("importId") String importId) {
        return progress.find(importId).<RestResponse<?>>map(RestResponse::ok)
                .orElseGet(() -> RestResponse.status(Response.Status.NOT_FOUND,
                        ErrorResponse.of("no import with id " + importId + " (only the most recent imports are kept)")));
    }

    /** The dataset with its class counts and, per class, the paths of a few sample images. */
    @GET
    @Path("/{id}")
    public DatasetView get(@PathParam("id") String id) throws IOException {
        Dataset d = datasets.find(id).orElseThrow(() -> new UnknownIdException("dataset", id));
        return DatasetView.of(d, false, datasets.samples(d));
    }

    /** One sample image of a class, as imported (PNG or JPEG; a CSV row is drawn as a PNG). */
    @GET
    @Path("/{id}/samples/{label}/{index}")
    @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_JSON})
    public Response sample(@PathParam("id") String id, @PathParam("label") String label,
            @PathParam("index") int index) throws IOException {
        byte[] image = datasets.sample(id, label, index).orElseThrow(() -> new UnknownIdException("sample",
                id + "/" + label + "/" + index));
        boolean png = image.length > 3 && (image[0] & 0xFF) == 0x89 && image[1] == 'P' && image[2] == 'N';
        return Response.ok(image, png ? "image/png" : "image/jpeg").build();
    }

    /**
     * Runs the import here (201 or 200 with the dataset) or, asked to, as a job (202); {@code cleanup} runs once the
     * import has ended either way, or when the job could not be queued.
     */
    private RestResponse<?> importing(String importId, String prefer, ImportJobs.Import work, Runnable cleanup)
            throws IOException {
        if (async(prefer)) {
            return accepted(jobs.start(importId, work, cleanup));
        }
        try {
            return answer(jobs.runHere(importId, work));
        } finally {
            cleanup.run();
        }
    }

    private static boolean async(String prefer) {
        return prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains(RESPOND_ASYNC);
    }

    /** A job needs an id to be polled by: the client's, or one chosen here. */
    private static String importId(String given, String prefer) {
        return given == null || given.isBlank() ? async(prefer) ? "import-" + UUID.randomUUID() : null : given;
    }

    private static RestResponse<ImportProgress.State> accepted(ImportProgress.State state) {
        return RestResponse.ResponseBuilder.create(Response.Status.ACCEPTED, state)
                .location(URI.create("/api/datasets/imports/" + state.importId()))
                .header("Preference-Applied", RESPOND_ASYNC).build();
    }

    private static RestResponse<DatasetView> answer(DatasetService.Registered r) {
        return RestResponse.status(r.existing() ? Response.Status.OK : Response.Status.CREATED,
                DatasetView.of(r.dataset(), r.existing()));
    }
}
