package io.github.accountdisabling.rest;

import io.github.accountdisabling.account.Refusal;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

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
        String body = "{\"error\": \"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static Map<String, String> body(String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        return body;
    }

    static Response forbidden(String permission) {
        return of(Response.Status.FORBIDDEN, "forbidden", "The caller lacks the '" + permission + "' permission.");
    }
}
