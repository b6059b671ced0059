package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.PasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/** Keycloak's PasswordFormFactory with its metadata (requirements, credential category, passkeys) but the gated form. */
public class GatedPasswordFormFactory extends PasswordFormFactory implements PackProviderFactory<Authenticator> {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new GatedPasswordForm(session);
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.PASSWORD_FORM;
    }

    @Override
    public String getDisplayType() {
        return "Password Form (account disabling)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's password form, which also answers the accounts the gated username form held back. Put the account disabled gate after it.";
    }
}
