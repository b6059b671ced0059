package io.github.accountdisabling.support;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

/** The pack's endpoints read JSON only; a request without a declared type is read as JSON. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static boolean hasNonJsonBody(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
            return false;
        }
        String header = request.getHeaderString("Content-Type");
        if (header == null || header.isBlank()) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(header);
        } catch (IllegalArgumentException e) {
            // not a media type at all
            return true;
        }
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        return !"application".equalsIgnoreCase(type.getType()) || !(subtype.equals("json") || subtype.endsWith("+json"));
    }
}
