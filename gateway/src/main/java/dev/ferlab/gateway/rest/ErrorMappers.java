package dev.ferlab.gateway.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.ferlab.common.fault.Faults;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.common.weights.InvalidWeightsException;
import dev.ferlab.gateway.dataset.service.InvalidDatasetException;
import dev.ferlab.gateway.grid.repository.ResultsView;
import dev.ferlab.gateway.weights.service.MissingWeightsException;
import dev.ferlab.gateway.weights.service.PretrainedWeights;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures of every gateway endpoint into answers that say what to fix, always as JSON. */
public class ErrorMappers {
    private static final ErrorMappers MAPPERS = new ErrorMappers();

    /**
     * The answer an endpoint gives for {@code e}, for work that reports its failure later (an import job, polled):
     * the same status and body as the mapper of its type, a 500 naming the failure otherwise.
     */
    public static RestResponse<ErrorResponse> answer(Throwable e) {
        if (e instanceof InvalidSpecException x) {
            return MAPPERS.invalidSpec(x);
        } else if (e instanceof InvalidDatasetException x) {
            return MAPPERS.invalidDataset(x);
        } else if (e instanceof StorageUnavailableException x) {
            return MAPPERS.storage(x);
        } else if (e instanceof ConflictException x) {
            return MAPPERS.conflict(x);
        } else if (e instanceof PersistenceException x) {
            return MAPPERS.database(x);
        }
        return json(Response.Status.INTERNAL_SERVER_ERROR, ErrorResponse.of(String.valueOf(e.getMessage())));
    }

    /** JSON even where the endpoint produces something else (an image, a CSV export). */
    private static RestResponse<ErrorResponse> json(Response.Status status, ErrorResponse body) {
        return RestResponse.ResponseBuilder.create(status, body).type(MediaType.APPLICATION_JSON).build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> invalidSpec(InvalidSpecException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorResponse("invalid request: " + e.getMessage(), e.errors()));
    }

    /** A body whose JSON parses but does not fit (a string where a number belongs): name the field. */
    @ServerExceptionMapper(priority = 1)
    public RestResponse<ErrorResponse> unreadableField(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return json(Response.Status.BAD_REQUEST, new ErrorResponse("invalid request body",
                List.of(new FieldError(field.isEmpty() ? "body" : field, e.getOriginalMessage()))));
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<ErrorResponse> malformedJson(JsonParseException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorResponse("request body is not valid JSON",
                List.of(new FieldError("body", e.getOriginalMessage()))));
    }

    /** A refused dataset: every bad file or row, named, with its reason. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> invalidDataset(InvalidDatasetException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorResponse(e.getMessage(),
                e.problems().stream().map(p -> new FieldError(p.file(), p.reason())).toList()));
    }

    /** A weights file that is not what it claims: what is missing, extra or of the wrong shape, in one message. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> invalidWeights(InvalidWeightsException e) {
        return json(Response.Status.BAD_REQUEST, new ErrorResponse("invalid weights file",
                List.of(new FieldError("body", e.getMessage()))));
    }

    /** Fine-tuning without weights to start from: which models, and the command that imports them. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> missingWeights(MissingWeightsException e) {
        return json(Response.Status.CONFLICT, new ErrorResponse(e.getMessage(), e.models().stream()
                .map(m -> new FieldError("transferMode", "no pretrained " + m.id() + " weights: "
                        + PretrainedWeights.howToAdd(m))).toList()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unknownId(UnknownIdException e) {
        return json(Response.Status.NOT_FOUND, ErrorResponse.of(e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> storage(StorageUnavailableException e) {
        return RestResponse.ResponseBuilder.create(Response.Status.SERVICE_UNAVAILABLE, ErrorResponse.of(
                e.getMessage())).type(MediaType.APPLICATION_JSON).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> conflict(ConflictException e) {
        return json(Response.Status.CONFLICT, ErrorResponse.of(e.getMessage()));
    }

    /** Results read through the evaluator's views before it has created them. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> viewsMissing(ResultsView.ResultsViewMissingException e) {
        return json(Response.Status.SERVICE_UNAVAILABLE, ErrorResponse.of(e.getMessage()));
    }

    /**
     * The database is away (the pool replaces a connection that died with its server, so this is an outage, not a
     * stale connection): 503 and when to try again. Other database errors are the server's, a 500 that says so.
     */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> database(PersistenceException e) {
        if (!Faults.isInfrastructure(e)) {
            return json(Response.Status.INTERNAL_SERVER_ERROR, ErrorResponse.of("database error: " + e.getMessage()));
        }
        return RestResponse.ResponseBuilder.create(Response.Status.SERVICE_UNAVAILABLE, ErrorResponse.of(
                "the database is unavailable (" + Faults.describe(e) + "); try again shortly"))
                .type(MediaType.APPLICATION_JSON).header("Retry-After", "5").build();
    }
}
