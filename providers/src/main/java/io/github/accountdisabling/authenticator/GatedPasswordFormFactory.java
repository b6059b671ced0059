package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class GatedPasswordFormFactory extends BaseAuthenticatorFactory {

    private static final Authenticator AUTHENTICATOR = new GatedPasswordForm();

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.PASSWORD_FORM;
    }

    @Override
    public String getDisplayType() {
        return "Password Form (account-disabling)";
    }

    @Override
    public String getHelpText() {
        return "Identity-first step two: the password for the user name given before. Put the account disabled gate after it.";
    }
}
