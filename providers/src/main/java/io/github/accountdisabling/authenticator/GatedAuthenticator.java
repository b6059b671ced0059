package io.github.accountdisabling.authenticator;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * What the pack's authenticators share: none needs a user beforehand (Keycloak can't hold a disabled one) and none
 * has anything to set up per user.
 */
abstract class GatedAuthenticator implements Authenticator {

    /**
     * Moves the flow on after a credential check: an enabled user becomes the flow's user, a disabled one whose
     * password was right goes on to the gate. @return false when the credentials were not right
     */
    static boolean proceed(AuthenticationFlowContext context, CredentialCheck.Result result) {
        switch (result.outcome()) {
            case VALID -> {
                context.setUser(result.user());
                context.success();
                return true;
            }
            case VALID_BUT_DISABLED -> {
                context.success();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Fills the user-name field with the client's {@code login_hint}, as Keycloak's own forms do. */
    static void prefillLoginHint(AuthenticationFlowContext context) {
        String hint = context.getAuthenticationSession().getClientNote("login_hint");
        if (hint != null) {
            context.form().setFormData(new MultivaluedHashMap<>(Map.of("username", hint)));
        }
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
