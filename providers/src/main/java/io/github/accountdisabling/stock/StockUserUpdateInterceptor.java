package io.github.accountdisabling.stock;

import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.service.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.DeactivationService.Transition;
import io.github.accountdisabling.service.DisabledAttributes;
import io.github.accountdisabling.service.Refusal;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.utils.KeycloakSessionUtil;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak's own {@code PUT /admin/realms/{realm}/users/{id}} (the console's Enabled switch and Save, kcadm, admin
 * clients): while the realm's toggle is on, a body that turns the user off or on is the pack's deactivation or
 * reactivation, decided and done here, before Keycloak writes anything of the request.
 *
 * <p>Why here: Keycloak reads the body after its admin authentication and the user lookup, and before its permission
 * check and every write (the login-failure clean-up, the user profile, {@code setEnabled}); the representation this
 * interceptor sees is the very object Keycloak then applies. A refusal ends the request with Keycloak's own error
 * shape, {@code {"errorMessage": …}}, and rolls it back, so no other field of the same PUT is written. Everything
 * else about the request stays Keycloak's.
 */
@Provider
public final class StockUserUpdateInterceptor implements ReaderInterceptor {

    static final String REASON_LOCKED = "reason_locked";

    private static final Pattern USER_PATH = Pattern.compile("^/?admin/realms/([^/]+)/users/([^/]+)/?$");

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object entity = context.proceed();
        if (!(entity instanceof UserRepresentation rep)) {
            return entity;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        String userId = session == null ? null : stockUserUpdate(session);
        if (userId == null) {
            return entity;
        }
        RealmModel realm = session.getContext().getRealm();
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null || !SettingsService.read(realm).enabled()) {
            return entity;
        }
        AdminAuth auth = StockCallers.adminAuth(session);
        if (auth == null) {
            // Keycloak authenticated this request; a caller the pack can't see is not let through to a change of state.
            if (rep.isEnabled() != null && rep.isEnabled() != user.isEnabled()) {
                throw new WebApplicationException(errorResponse(new Refusal(403, "forbidden",
                        "The caller of this change could not be identified.")));
            }
            return entity;
        }
        if (!AdminPermissions.evaluator(session, realm, auth).users().canManage(user)) {
            // Keycloak's own 403 follows.
            return entity;
        }
        try {
            decide(session, realm, user, rep, auth);
        } catch (Refusal refusal) {
            session.getTransactionManager().setRollbackOnly();
            throw new WebApplicationException(errorResponse(refusal));
        }
        return entity;
    }

    /** The user id when this request is Keycloak's user update, else {@code null}. */
    private static String stockUserUpdate(KeycloakSession session) {
        if (!"PUT".equals(session.getContext().getHttpRequest().getHttpMethod())) {
            return null;
        }
        Matcher matcher = USER_PATH.matcher(session.getContext().getUri().getPath());
        return matcher.matches() ? matcher.group(2) : null;
    }

    private static void decide(KeycloakSession session, RealmModel realm, UserModel user, UserRepresentation rep,
                               AdminAuth auth) {
        String reasonToRecord = reasonToRecord(rep);
        boolean deactivated = !user.isEnabled();
        Boolean wantsEnabled = rep.isEnabled();
        if (wantsEnabled == null || wantsEnabled != deactivated) {
            // No change of state. A deactivated account's reason is the recorded one, not a new one to record.
            if (deactivated && !reasonToRecord.isEmpty()) {
                throw new Refusal(400, REASON_LOCKED,
                        "The account is deactivated already; its recorded reason can't be changed.");
            }
            return;
        }
        Caller caller = Caller.of(auth, Caller.SOURCE_CONSOLE);
        Transition transition = wantsEnabled
                ? Transition.reactivate(caller, "")
                : Transition.deactivate(caller, reasonToRecord);
        AdminEventBuilder adminEvent = new AdminEventBuilder(realm, auth, session, session.getContext().getConnection());
        session.getProvider(DeactivationService.class).apply(realm, user, transition, adminEvent);
        keepWhatThePackWrote(rep, session.users().getUserById(realm, user.getId()));
    }

    /**
     * Keycloak applies the representation next. Its account-status attributes are what the console read before the
     * change: they are replaced by what the pack just wrote (the user profile would otherwise take them for an edit of
     * read-only attributes), and the typed reason, now recorded, is cleared.
     */
    private static void keepWhatThePackWrote(UserRepresentation rep, UserModel user) {
        if (rep.getAttributes() == null) {
            return;
        }
        Map<String, List<String>> attributes = new HashMap<>(rep.getAttributes());
        for (String name : DisabledAttributes.NAMES) {
            List<String> values = user.getAttributeStream(name).toList();
            if (values.isEmpty()) {
                attributes.remove(name);
            } else {
                attributes.put(name, values);
            }
        }
        attributes.remove(DisabledAttributes.REASON_TO_RECORD);
        rep.setAttributes(attributes);
    }

    /** What the admin typed into the console's "Reason to record when deactivating" and saved, or "". */
    private static String reasonToRecord(UserRepresentation rep) {
        List<String> values = rep.getAttributes() == null ? null : rep.getAttributes().get(DisabledAttributes.REASON_TO_RECORD);
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).strip();
    }

    /** Keycloak's own error shape, which the console shows as its red alert. */
    private static Response errorResponse(Refusal refusal) {
        ErrorRepresentation error = new ErrorRepresentation();
        error.setErrorMessage(refusal.getMessage());
        Response.ResponseBuilder response = Response.status(refusal.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error);
        if (refusal.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        }
        return response.build();
    }
}
