package io.github.accountdisabling.support;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

/** The pack's endpoints read JSON only; a request without a declared type is read as JSON. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * A body of a type other than JSON on a POST, PUT or PATCH, or on any method a {@code Content-Type} that isn't a
     * media type at all: Keycloak's security-headers response filter parses the request's type on every answer and
     * fails with a 500 on such a one, after the resource has run, so it must be refused before.
     */
    public static boolean hasNonJsonBody(ContainerRequestContext request) {
        String header = request.getHeaderString("Content-Type");
        if (header == null || header.isBlank()) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(header);
        } catch (RuntimeException e) {
            return true;
        }
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
            return false;
        }
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        return !"application".equalsIgnoreCase(type.getType()) || !(subtype.equals("json") || subtype.endsWith("+json"));
    }
}
