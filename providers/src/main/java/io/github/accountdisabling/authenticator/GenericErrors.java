package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.messages.Messages;

import java.util.Map;

/** The one answer every failed credential check gets, whatever the reason. */
final class GenericErrors {

    /** "Invalid username or password." in the login theme. */
    static final String INVALID_CREDENTIALS_MESSAGE = Messages.INVALID_USER;

    private GenericErrors() {
    }

    /** Keycloak's own direct-grant answer to bad credentials, kept so clients see no difference. */
    static Response directGrantInvalidCredentials() {
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "invalid_grant", "error_description", "Invalid user credentials")).build();
    }
}
