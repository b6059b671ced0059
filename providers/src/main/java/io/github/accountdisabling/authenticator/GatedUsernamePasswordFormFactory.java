package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class GatedUsernamePasswordFormFactory extends BaseAuthenticatorFactory {

    private static final Authenticator AUTHENTICATOR = new GatedUsernamePasswordForm();

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.USERNAME_PASSWORD_FORM;
    }

    @Override
    public String getDisplayType() {
        return "Username Password Form (account-disabling)";
    }

    @Override
    public String getHelpText() {
        return "User name and password on one page; says nothing about the account before the password is right. Put the account disabled gate after it.";
    }
}
