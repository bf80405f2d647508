package dev.ferlab.gateway.deadletter.rest;

import dev.ferlab.gateway.deadletter.service.DeadLetter;
import dev.ferlab.gateway.deadletter.service.DeadLetters;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The messages consumers gave up on ({@code ./ferlab dlq}): listed with the group, the original topic and the
 * reason, and replayed to their topic, each once.
 */
@Path("/api/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DeadLetterResource {
    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The dead-letter records waiting for a replay; with {@code all=true} also those replayed already. */
    @GET
    public List<DeadLetter> list(@QueryParam("all") boolean all) throws Exception {
        return deadLetters.list(all);
    }

    /** Which records to replay: their ids, or none for every waiting one. */
    public record ReplayRequest(List<String> ids) {
    }

    /** Replays the named records (or all waiting ones); a record replayed before is not sent again. */
    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeadLetters.Replayed replay(ReplayRequest request) throws Exception {
        return deadLetters.replay(request == null || request.ids() == null ? List.of() : request.ids());
    }
}
