package io.github.accountdisabling.scim;

import io.github.accountdisabling.support.JsonBodies;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.regex.Pattern;

/**
 * What JAX-RS answers before or around {@link ScimResource} (an unknown path, a method a path doesn't have, a body
 * type no endpoint reads) comes out in the SCIM error schema too. Non-JSON bodies are refused before Keycloak's form
 * parsing can fail on them. Only requests under {@code /realms/{realm}/scim2/} are touched.
 */
@Provider
@PreMatching
public final class ScimEdgeFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Pattern SCIM_PATH = Pattern.compile("^/?realms/[^/]+/scim2(/.*)?$");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!isScim(request) || !JsonBodies.hasNonJsonBody(request)) {
            return;
        }
        request.abortWith(ScimErrors.error(415, null, "Request bodies are application/scim+json (or application/json).", 0));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isScim(request) || response.getStatus() < 400) {
            return;
        }
        MediaType type = response.getMediaType();
        if (type != null && ScimJson.MEDIA_TYPE.equals(type.getType() + "/" + type.getSubtype())) {
            return;
        }
        Response.StatusType status = response.getStatusInfo();
        response.setEntity(ScimJson.error(status.getStatusCode(), null, status.getReasonPhrase() + ".").toString(),
                null, MediaType.valueOf(ScimJson.MEDIA_TYPE));
    }

    private static boolean isScim(ContainerRequestContext request) {
        return SCIM_PATH.matcher(request.getUriInfo().getPath()).matches();
    }
}
