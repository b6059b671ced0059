package io.github.accountdisabling.rest;

import io.github.accountdisabling.support.JsonBodies;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.util.regex.Pattern;

/**
 * Refuses a non-JSON body on the pack's admin API with 415 in the API's error shape, before Keycloak's form parsing
 * (which it runs on every POST, PUT and PATCH) can fail on a malformed multipart body. Only requests under
 * {@code /admin/realms/{realm}/account-disabling/} are touched.
 */
@Provider
@PreMatching
public final class AdminJsonOnlyFilter implements ContainerRequestFilter {

    private static final Pattern ADMIN_PATH = Pattern.compile("^/?admin/realms/[^/]+/account-disabling(/.*)?$");

    @Override
    public void filter(ContainerRequestContext request) {
        if (ADMIN_PATH.matcher(request.getUriInfo().getPath()).matches() && JsonBodies.hasNonJsonBody(request)) {
            request.abortWith(ApiError.of(415, "unsupported_media_type", "Request bodies are application/json."));
        }
    }
}
