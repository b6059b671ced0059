package io.github.accountdisabling.rest;

import io.github.accountdisabling.support.JsonBodies;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

import java.util.regex.Pattern;

/**
 * The edges of the pack's admin API, where Keycloak answers before or around its resources. A non-JSON body is
 * refused with 415 before Keycloak's form parsing (which it runs on every POST, PUT and PATCH) can fail on a
 * malformed multipart body. A 400 Keycloak renders itself (its {@code {"error": …}} body, for example for a query
 * parameter holding NUL, which Keycloak blocks before any resource runs) gets the API's {@code code}
 * {@code invalid_request}, text unchanged; Keycloak's 401 stays its own, as documented. Only requests under {@code /admin/realms/{realm}/account-disabling/} are touched.
 */
@Provider
@PreMatching
public final class AdminEdgeFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Pattern ADMIN_PATH = Pattern.compile("^/?admin/realms/[^/]+/account-disabling(/.*)?$");

    @Override
    public void filter(ContainerRequestContext request) {
        if (isAdminApi(request) && JsonBodies.hasNonJsonBody(request)) {
            request.abortWith(ApiError.of(415, "unsupported_media_type", "Request bodies are application/json."));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isAdminApi(request) || response.getStatus() != 400
                || !(response.getEntity() instanceof OAuth2ErrorRepresentation keycloakError)) {
            return;
        }
        Response rendered = ApiError.of(400, "invalid_request", keycloakError.getError());
        response.setEntity(rendered.getEntity(), null, rendered.getMediaType());
    }

    private static boolean isAdminApi(ContainerRequestContext request) {
        return ADMIN_PATH.matcher(request.getUriInfo().getPath()).matches();
    }
}
