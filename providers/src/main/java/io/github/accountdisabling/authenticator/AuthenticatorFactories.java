package io.github.accountdisabling.authenticator;

/** Provider ids of the pack's authenticators, shared with realm-config and the tests. */
public final class AuthenticatorFactories {

    public static final String GATE = "account-disabled-gate";
    public static final String USERNAME_PASSWORD_FORM = "gated-username-password-form";
    public static final String USERNAME_FORM = "gated-username-form";
    public static final String PASSWORD_FORM = "gated-password-form";
    public static final String DIRECT_GRANT_CREDENTIALS = "gated-direct-grant-credentials";

    private AuthenticatorFactories() {
    }
}
