package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernameFormFactory;
import org.keycloak.models.KeycloakSession;

/** Keycloak's UsernameFormFactory with its metadata (requirements, credential category, passkeys) but the gated form. */
public class GatedUsernameFormFactory extends UsernameFormFactory implements PackProviderFactory<Authenticator> {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new GatedUsernameForm(session);
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.USERNAME_FORM;
    }

    @Override
    public String getDisplayType() {
        return "Username Form (account disabling)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username form, except that unknown, deactivated and locked accounts go on to the password form like any other.";
    }
}
