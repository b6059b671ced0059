package io.github.accountdisabling.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.accountdisabling.account.Refusal;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The contract's error shape: {@code {"error": "<human readable>", "code": "<stable_snake_case>"}}. */
final class ApiError {

    private ApiError() {
    }

    static Response of(Response.Status status, String code, String message) {
        return of(status.getStatusCode(), code, message);
    }

    static Response of(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(code, message)).build();
    }

    static Response of(Refusal refusal) {
        Response.ResponseBuilder response = Response.status(refusal.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(refusal.code(), refusal.getMessage()));
        if (refusal.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        }
        return response.build();
    }

    /** sFOX-compatible bodies are compared byte for byte by their clients: {@code {"error": "<text>"}} exactly. */
    static Response sfox(int status, String message) {
        String body;
        try {
            // The space after the colon is sFOX's; the text is escaped by Keycloak's Jackson.
            body = "{\"error\": " + JsonSerialization.writeValueAsString(message) + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static Body body(String code, String message) {
        return new Body(message, code);
    }

    /** The admin API's error body. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Body(String error, String code) {
    }

    static Refusal forbidden(String permission) {
        return new Refusal(403, "forbidden", "The caller lacks the '" + permission + "' permission.");
    }
}
