package dev.ferlab.gateway.evaluation.rest;

import dev.ferlab.gateway.evaluation.repository.EvaluationRequest;
import dev.ferlab.gateway.evaluation.service.EvaluationRequestService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Evaluate a completed experiment's model on another dataset (the study's FER2013Plus check), and follow it. */
@Path("/api/experiments/{id}/evaluations")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationResource {
    private final EvaluationRequestService evaluations;

    public EvaluationResource(EvaluationRequestService evaluations) {
        this.evaluations = evaluations;
    }

    /** 202 with the request; its result appears in the list below when the evaluator has answered. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(@PathParam("id") String id, EvaluationSubmission submission) {
        EvaluationRequest r = evaluations.request(id, submission);
        return Response.status(Response.Status.ACCEPTED).entity(EvaluationRequestView.of(r)).build();
    }

    @GET
    public List<EvaluationRequestView> list(@PathParam("id") String id) {
        return evaluations.ofExperiment(id).stream().map(EvaluationRequestView::of).toList();
    }
}
