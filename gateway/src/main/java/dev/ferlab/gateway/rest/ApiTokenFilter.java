package dev.ferlab.gateway.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request that changes state ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api})
 * must carry {@code Authorization: Bearer <token>}; anything else is a 401 saying how to send it. Reads stay open,
 * so that a dashboard can be shown without a credential.
 */
public class ApiTokenFilter {
    static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String BEARER = "Bearer ";
    private final ApiToken token;

    public ApiTokenFilter(ApiToken token) {
        this.token = token;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<RestResponse<ErrorResponse>> requireToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!CHANGING.contains(request.getMethod()) || !(path.startsWith("/api/") || path.equals("/api"))) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.startsWith(BEARER) && token.matches(header.substring(BEARER.length()).trim())) {
            return Optional.empty();
        }
        String why = header == null ? "no API token" : "a wrong API token";
        return Optional.of(RestResponse.ResponseBuilder.create(Response.Status.UNAUTHORIZED, ErrorResponse.of(
                "this request changes state and carries " + why + ": send the header 'Authorization: Bearer "
                        + "<token>' with the gateway's FERLAB_API_TOKEN (./ferlab prints it; it is in "
                        + ".ferlab/api-token)")).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ferlab\"")
                .build());
    }
}
