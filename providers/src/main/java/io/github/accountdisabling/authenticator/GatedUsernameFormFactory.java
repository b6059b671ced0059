package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class GatedUsernameFormFactory extends BaseAuthenticatorFactory {

    private static final Authenticator AUTHENTICATOR = new GatedUsernameForm();

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.USERNAME_FORM;
    }

    @Override
    public String getDisplayType() {
        return "Username Form (account-disabling)";
    }

    @Override
    public String getHelpText() {
        return "Identity-first step one: asks for the user name without looking anything up.";
    }
}
