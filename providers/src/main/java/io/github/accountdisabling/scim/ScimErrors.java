package io.github.accountdisabling.scim;

import io.github.accountdisabling.account.Refusal;
import jakarta.ws.rs.core.Response;

/** SCIM error responses (RFC 7644 §3.12): the schema, {@code application/scim+json}, the headers that go with them. */
public final class ScimErrors {

    private ScimErrors() {
    }

    /** A refusal of the deactivation service, its code at the end of {@code detail}. */
    public static Response of(Refusal refusal) {
        String scimType = refusal.status() == 400 ? ScimException.INVALID_VALUE : null;
        return error(refusal.status(), scimType, refusal.getMessage() + " [" + refusal.code() + "]",
                refusal.retryAfterSeconds());
    }

    static Response error(int status, String scimType, String detail, long retryAfterSeconds) {
        Response.ResponseBuilder response = Response.status(status)
                .type(ScimJson.MEDIA_TYPE)
                .entity(ScimJson.error(status, scimType, detail).toString());
        if (retryAfterSeconds > 0) {
            response.header("Retry-After", Long.toString(retryAfterSeconds));
        }
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"scim\"");
        }
        return response.build();
    }
}
