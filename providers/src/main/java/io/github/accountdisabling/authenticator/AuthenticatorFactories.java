package io.github.accountdisabling.authenticator;

import java.util.Map;

/** Provider ids of the pack's authenticators, shared with realm-config, the flow installer and the tests. */
public final class AuthenticatorFactories {

    public static final String GATE = "account-disabled-gate";
    public static final String USERNAME_PASSWORD_FORM = "gated-username-password-form";
    public static final String USERNAME_FORM = "gated-username-form";
    public static final String PASSWORD_FORM = "gated-password-form";
    public static final String DIRECT_GRANT_VALIDATE_USERNAME = "gated-direct-grant-validate-username";

    /** Keycloak's form step → the pack's gated subclass of it; every other step of a flow stays Keycloak's own. */
    public static final Map<String, String> GATED_REPLACEMENTS = Map.of(
            "auth-username-password-form", USERNAME_PASSWORD_FORM,
            "auth-username-form", USERNAME_FORM,
            "auth-password-form", PASSWORD_FORM,
            "direct-grant-validate-username", DIRECT_GRANT_VALIDATE_USERNAME);

    /** The gated subclass of a Keycloak step, or {@code null} for every other step and for sub-flows. */
    public static String gatedReplacement(String authenticator) {
        return authenticator == null ? null : GATED_REPLACEMENTS.get(authenticator);
    }

    private AuthenticatorFactories() {
    }
}
