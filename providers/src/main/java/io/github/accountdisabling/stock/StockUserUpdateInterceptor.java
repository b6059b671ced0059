package io.github.accountdisabling.stock;

import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.Transition;
import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.account.Refusal;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.KeycloakSessionUtil;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak's own {@code PUT /admin/realms/{realm}/users/{id}} (the console's Enabled switch and Save, kcadm, admin
 * clients): while the realm's toggle is on, a body that turns the user off or on is the pack's deactivation or
 * reactivation, decided and done here, before Keycloak writes anything of the request. Keycloak's partial import, which
 * writes users around the user profile, may not overwrite an active user with a disabled one nor bring in the pack's
 * record while the pack is on (new users imported disabled are recorded by the reconciler).
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
    private static final Pattern PARTIAL_IMPORT_PATH = Pattern.compile("^/?admin/realms/([^/]+)/partialImport/?$");

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object entity = context.proceed();
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || !(entity instanceof UserRepresentation || entity instanceof InputStream)) {
            return entity;
        }
        try {
            if (entity instanceof UserRepresentation rep) {
                decideUserUpdate(session, rep);
            } else if (isPartialImport(session)) {
                // Keycloak reads the partial import's body itself, as a stream: read once here, decided, handed on.
                byte[] body = ((InputStream) entity).readAllBytes();
                decidePartialImport(session, body);
                return new ByteArrayInputStream(body);
            }
        } catch (Refusal refusal) {
            session.getTransactionManager().setRollbackOnly();
            throw new WebApplicationException(errorResponse(refusal));
        } catch (ModelException e) {
            // e.g. a read-only user store refusing the write: Keycloak's own answer to it is a 400
            session.getTransactionManager().setRollbackOnly();
            throw new WebApplicationException(errorResponse(new Refusal(400, "invalid_user",
                    e.getMessage() == null ? "Could not update user!" : e.getMessage())));
        }
        return entity;
    }

    private static void decideUserUpdate(KeycloakSession session, UserRepresentation rep) {
        Matcher matcher = USER_PATH.matcher(session.getContext().getUri().getPath());
        if (!"PUT".equals(session.getContext().getHttpRequest().getHttpMethod()) || !matcher.matches()) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        UserModel user = realm == null ? null : session.users().getUserById(realm, matcher.group(2));
        if (user == null || !SettingsService.read(realm).enabled()
                || rep.isEnabled() == null && reasonToRecord(rep, null).isEmpty()) {
            return;
        }
        AdminAuth auth = StockCallers.adminAuth(session);
        if (auth == null) {
            // Keycloak authenticated this request; a caller the pack can't see is not let through to a change of state.
            if (rep.isEnabled() != null && rep.isEnabled() != user.isEnabled()) {
                throw new Refusal(403, "forbidden", "The caller of this change could not be identified.");
            }
            return;
        }
        if (!AdminPermissions.evaluator(session, realm, auth).users().canManage(user)) {
            // Keycloak's own 403 follows.
            return;
        }
        decide(session, realm, user, rep, auth);
    }

    private static void decide(KeycloakSession session, RealmModel realm, UserModel found, UserRepresentation rep,
                               AdminAuth auth) {
        DeactivationService service = session.getProvider(DeactivationService.class);
        // Decided on the state under the user's row lock, not on a cached read: a concurrent change is seen.
        UserModel user = service.lockForChange(realm, found);
        String reasonToRecord = reasonToRecord(rep, user);
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
        service.apply(realm, user, transition, adminEvent);
        keepWhatThePackWrote(rep, session.users().getUserById(realm, user.getId()));
    }

    /**
     * Keycloak's partial import writes users around its user profile: while the pack is on, it may not overwrite an
     * active user with a disabled one (a disable without the guards) nor bring in the pack's own record.
     */
    private static boolean isPartialImport(KeycloakSession session) {
        return "POST".equals(session.getContext().getHttpRequest().getHttpMethod())
                && PARTIAL_IMPORT_PATH.matcher(session.getContext().getUri().getPath()).matches();
    }

    private static void decidePartialImport(KeycloakSession session, byte[] body) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !SettingsService.read(realm).enabled()) {
            return;
        }
        PartialImportRepresentation partialImport;
        try {
            partialImport = JsonSerialization.readValue(body, PartialImportRepresentation.class);
        } catch (IOException e) {
            // Keycloak's own parsing answers it
            return;
        }
        if (partialImport == null || partialImport.getUsers() == null) {
            return;
        }
        AdminAuth auth = StockCallers.adminAuth(session);
        if (auth == null || !AdminPermissions.evaluator(session, realm, auth).realm().canManageRealm()) {
            // Keycloak's own 403 follows.
            return;
        }
        boolean overwrites = PartialImportRepresentation.Policy.OVERWRITE.name().equals(partialImport.getIfResourceExists());
        for (UserRepresentation user : partialImport.getUsers()) {
            Map<String, List<String>> attributes = user.getAttributes() == null ? Map.of() : user.getAttributes();
            boolean marked = attributes.containsKey(DisabledAttributes.REASON_TO_RECORD)
                    || DisabledAttributes.CLEARED_ON_REACTIVATION.stream().anyMatch(attributes::containsKey);
            if (marked || Boolean.FALSE.equals(user.isEnabled()) && overwrites && disablesAnActiveUser(session, realm, user)) {
                throw new Refusal(400, "disabled_user_import", "While account disabling is on, a partial import "
                        + "can't overwrite an active user with a disabled one nor bring in account-status attributes; "
                        + "deactivate users through the pack.");
            }
        }
    }

    /** The import would overwrite an enabled user of the realm (same id, else same user name) with a disabled one. */
    private static boolean disablesAnActiveUser(KeycloakSession session, RealmModel realm, UserRepresentation user) {
        UserModel existing = user.getId() == null ? null : session.users().getUserById(realm, user.getId());
        if (existing == null && user.getUsername() != null) {
            existing = session.users().getUserByUsername(realm, user.getUsername());
        }
        return existing != null && existing.isEnabled();
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

    /**
     * What the admin typed into the console's "Reason to record when deactivating" and saved, or "": from the body,
     * or, for a body without attributes ({@code {"enabled": false}}), as stored on the user.
     */
    private static String reasonToRecord(UserRepresentation rep, UserModel stored) {
        String value;
        if (rep.getAttributes() != null) {
            List<String> values = rep.getAttributes().get(DisabledAttributes.REASON_TO_RECORD);
            value = values == null || values.isEmpty() ? null : values.get(0);
        } else {
            value = stored == null ? null : stored.getFirstAttribute(DisabledAttributes.REASON_TO_RECORD);
        }
        return value == null ? "" : value.strip();
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
