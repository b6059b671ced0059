package io.github.accountdisabling.authenticator;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class GatedDirectGrantCredentialsFactory extends BaseAuthenticatorFactory {

    private static final Authenticator AUTHENTICATOR = new GatedDirectGrantCredentials();

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public String getId() {
        return AuthenticatorFactories.DIRECT_GRANT_CREDENTIALS;
    }

    @Override
    public String getDisplayType() {
        return "Direct Grant Credentials (account-disabling)";
    }

    @Override
    public String getHelpText() {
        return "Checks user name and password of a direct grant together. Put the account disabled gate after it.";
    }
}
