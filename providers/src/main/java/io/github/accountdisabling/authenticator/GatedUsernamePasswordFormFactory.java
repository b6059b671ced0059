package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/** Keycloak's UsernamePasswordFormFactory with its metadata (requirements, credential category, passkeys) but the gated form. */
public class GatedUsernamePasswordFormFactory extends UsernamePasswordFormFactory implements PackProviderFactory<Authenticator> {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new GatedUsernamePasswordForm(session);
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.USERNAME_PASSWORD_FORM;
    }

    @Override
    public String getDisplayType() {
        return "Username Password Form (account disabling)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username password form, except that a deactivated account is answered by the account disabled gate after it.";
    }
}
