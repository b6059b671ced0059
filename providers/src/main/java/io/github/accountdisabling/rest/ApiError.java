package io.github.accountdisabling.rest;

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
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static Response forbidden(String permission) {
        return of(Response.Status.FORBIDDEN, "forbidden", "The caller lacks the '" + permission + "' permission.");
    }
}
