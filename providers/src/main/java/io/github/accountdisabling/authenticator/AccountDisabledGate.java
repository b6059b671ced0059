package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.support.LogValues;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.messages.Messages;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Stops a deactivated user once their credentials are proven, with a page (or, for the direct grant, an OAuth error)
 * saying the account is disabled, optionally why, and whom to contact. An enabled user passes untouched.
 */
final class AccountDisabledGate implements Authenticator {

    static final String TEMPLATE = "account-disabled.ftl";

    /**
     * Auth-session note naming the disabled user whose password a gated form proved. Keycloak refuses to make a
     * disabled user the flow's user, so the form hands the account over in this note.
     */
    static final String VERIFIED_DISABLED_USER_NOTE = "accountDisabling.verifiedDisabledUser";

    private static final Logger LOG = Logger.getLogger(AccountDisabledGate.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel disabled = provenDisabledUser(context);
        if (disabled == null) {
            context.success();
            return;
        }
        context.getEvent().user(disabled).error(Errors.USER_DISABLED);
        LOG.debugf("Login of deactivated user %s refused", disabled.getId());
        if (isDirectGrant(context)) {
            // Keycloak's own direct-grant answer to a disabled account's right password; a right password is no failure
            // for brute-force protection, hence a challenge
            context.forceChallenge(Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuth2ErrorRepresentation("invalid_grant", "Account disabled"))
                    .build());
            return;
        }
        context.forceChallenge(disabledPage(context, disabled));
    }

    /**
     * The page in the realm's login theme, in the user's locale (the right password was given, so the account's own
     * locale may be used). Where the theme can't render it, Keycloak's own error page for a disabled account, and
     * where even that fails, a plain 403: a login that did nothing wrong never gets a 5xx.
     */
    private static Response disabledPage(AuthenticationFlowContext context, UserModel disabled) {
        GateConfig config = GateConfig.of(context.getAuthenticatorConfig());
        String reason = config.showReason() ? disabled.getFirstAttribute(DisabledAttributes.REASON) : null;
        Response page = rendered(context, TEMPLATE, () -> context.form()
                .setUser(disabled)
                .setAttribute("disabledReason", reason == null ? "" : reason)
                .setAttribute("supportContact", config.supportContact())
                .setStatus(Response.Status.FORBIDDEN)
                .createForm(TEMPLATE));
        if (page == null) {
            page = rendered(context, "error.ftl", () -> context.form()
                    .setUser(disabled)
                    .setError(Messages.ACCOUNT_DISABLED)
                    .createErrorPage(Response.Status.FORBIDDEN));
        }
        return page != null ? page : Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity("Account is disabled.").build();
    }

    /**
     * The page {@code render} makes, or {@code null} when the theme failed: Keycloak answers a template it can't find
     * or process with an exception (theme cache on) or an empty 500 (theme cache off).
     */
    private static Response rendered(AuthenticationFlowContext context, String template, Supplier<Response> render) {
        try {
            Response page = render.get();
            if (page.getStatus() < 500) {
                return page;
            }
            LOG.warnf("The login theme of realm %s could not render %s (status %d)",
                    LogValues.escape(context.getRealm().getName()), template, page.getStatus());
        } catch (RuntimeException e) {
            LOG.warnf("The login theme of realm %s could not render %s: %s",
                    LogValues.escape(context.getRealm().getName()), template, LogValues.escape(e.toString()));
        }
        return null;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    /** Called by a gated form at Keycloak's enabled check: the password was right, the account is disabled. */
    static void handOver(AuthenticationFlowContext context, UserModel disabled) {
        context.getAuthenticationSession().setAuthNote(VERIFIED_DISABLED_USER_NOTE, disabled.getId());
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }

    /** The user whose credentials were proven but who is disabled, or {@code null}. */
    private static UserModel provenDisabledUser(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel current = context.getUser();
        if (current != null) {
            return current.isEnabled() ? null : current;
        }
        String verified = context.getAuthenticationSession().getAuthNote(VERIFIED_DISABLED_USER_NOTE);
        if (verified != null) {
            UserModel user = session.users().getUserById(realm, verified);
            return user != null && !user.isEnabled() ? user : null;
        }
        // First broker login: the identity provider has proven the person; an existing account with their
        // e-mail or user name that is disabled stops here, before it could be linked.
        SerializedBrokeredIdentityContext brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                context.getAuthenticationSession(), AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE);
        if (brokered != null) {
            UserModel existing = brokered.getEmail() == null ? null : session.users().getUserByEmail(realm, brokered.getEmail());
            if (existing == null && brokered.getModelUsername() != null) {
                existing = session.users().getUserByUsername(realm, brokered.getModelUsername());
            }
            return existing != null && !existing.isEnabled() ? existing : null;
        }
        return null;
    }

    private static boolean isDirectGrant(AuthenticationFlowContext context) {
        return context.getHttpRequest().getDecodedFormParameters().containsKey("grant_type");
    }

    /** The gate's settings, null-safe with defaults. */
    record GateConfig(boolean showReason, String supportContact) {

        static final String SHOW_REASON = "showReason";
        static final String SUPPORT_CONTACT = "supportContact";

        static GateConfig of(AuthenticatorConfigModel model) {
            Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
            String show = config.get(SHOW_REASON);
            String contact = config.get(SUPPORT_CONTACT);
            return new GateConfig(show == null || Boolean.parseBoolean(show.trim()), contact == null ? "" : contact.trim());
        }
    }
}
