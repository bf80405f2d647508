package dev.ferlab.gateway.comparison.rest;

import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.gateway.comparison.service.ComparisonService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** Two completed experiments compared on the same test images: McNemar's exact test, the accuracy difference. */
@Path("/api/comparisons")
@Produces(MediaType.APPLICATION_JSON)
public class ComparisonResource {
    private final ComparisonService comparisons;

    public ComparisonResource(ComparisonService comparisons) {
        this.comparisons = comparisons;
    }

    @GET
    @Blocking
    public ComparisonService.Comparison compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        List<FieldError> errors = new ArrayList<>();
        if (a == null || a.isBlank()) {
            errors.add(new FieldError("a", "is required: the id of a completed experiment"));
        }
        if (b == null || b.isBlank()) {
            errors.add(new FieldError("b", "is required: the id of a completed experiment"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return comparisons.compare(a.trim(), b.trim());
    }
}
