package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.support.PackInfo;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.PasswordFormFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** Keycloak's PasswordFormFactory with its metadata (requirements, credential category, passkeys) but the gated form. */
public class GatedPasswordFormFactory extends PasswordFormFactory implements ServerInfoAwareProviderFactory {

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

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackInfo.operationalInfo();
    }
}
