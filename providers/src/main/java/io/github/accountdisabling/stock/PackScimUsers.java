package io.github.accountdisabling.stock;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.scim.ScimResource;
import io.github.accountdisabling.service.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.DeactivationService.Transition;
import io.github.accountdisabling.service.Refusal;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.scim.model.user.UserResourceTypeProvider;
import org.keycloak.scim.protocol.request.PatchRequest.PatchOperation;
import org.keycloak.scim.resource.user.User;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.List;
import java.util.Locale;

/**
 * Keycloak's own SCIM user resource type ({@code /realms/{realm}/scim/v2/Users}) with the pack deciding the account
 * state: while the realm's toggle is on, an {@code active} that changes the state (PUT, PATCH in the shapes Entra ID
 * and Okta send) is the pack's deactivation or reactivation, run before Keycloak writes anything of the request, and
 * a DELETE is what the realm's SCIM delete mode says (deactivate, or guarded delete). Everything else is Keycloak's.
 *
 * <p>A refusal is thrown as the one exception Keycloak's SCIM answers with its error schema and a rollback
 * ({@link ModelValidationException}: 400, the guard's message as {@code detail}); the refusal's own code is in the
 * admin event the service records.
 */
final class PackScimUsers extends UserResourceTypeProvider {

    private static final String MANAGE = "manage";

    private final KeycloakSession session;

    PackScimUsers(KeycloakSession session) {
        super(session);
        this.session = session;
    }

    /** A user created inactive is recorded as deactivated from no earlier state. */
    @Override
    public User create(User rep) {
        User created = super.create(rep);
        RealmModel realm = session.getContext().getRealm();
        UserModel user = created.getId() == null ? null : getModel(created.getId());
        if (user != null && Boolean.FALSE.equals(rep.getActive()) && SettingsService.read(realm).enabled()) {
            AdminAuth auth = caller();
            try {
                service().apply(realm, user, Transition.createdInactive(Caller.of(auth, Caller.SOURCE_SCIM)),
                        new AdminEventBuilder(realm, auth, session, session.getContext().getConnection()));
            } catch (Refusal refusal) {
                throw new ModelValidationException(refusal.getMessage());
            }
        }
        return created;
    }

    @Override
    public User update(User rep) {
        UserModel user = rep.getId() == null ? null : getModel(rep.getId());
        if (user != null && rep.getActive() != null) {
            decide(user, rep.getActive());
        }
        return super.update(rep);
    }

    @Override
    public void patch(User existing, List<PatchOperation> operations) {
        UserModel user = existing.getId() == null ? null : getModel(existing.getId());
        Boolean active = requestedActive(operations);
        if (user != null && active != null) {
            decide(user, active);
        }
        super.patch(existing, operations);
    }

    @Override
    public boolean delete(String id) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = getModel(id);
        if (user == null || !SettingsService.read(realm).enabled() || !hasPermission(user, getRealmResourceType(), MANAGE)) {
            return super.delete(id);
        }
        AdminAuth auth = caller();
        Caller caller = Caller.of(auth, Caller.SOURCE_SCIM);
        AdminEventBuilder adminEvent = new AdminEventBuilder(realm, auth, session, session.getContext().getConnection());
        try {
            if (ScimResource.DELETE_MODE_DELETE.equals(realm.getAttribute(ScimResource.DELETE_MODE_ATTRIBUTE))) {
                service().delete(realm, user, caller, ScimResource.DELETE_REASON, found -> { }, adminEvent);
            } else {
                service().apply(realm, user, Transition.setActive(false, caller, ScimResource.DELETE_REASON), adminEvent);
            }
        } catch (Refusal refusal) {
            throw new ModelValidationException(refusal.getMessage());
        }
        return true;
    }

    /** Runs the pack's transition when {@code active} changes the user's state and the pack is on. */
    private void decide(UserModel user, boolean active) {
        RealmModel realm = session.getContext().getRealm();
        if (active == user.isEnabled() || !SettingsService.read(realm).enabled()
                || !hasPermission(user, getRealmResourceType(), MANAGE)) {
            // No change of state, the pack off, or Keycloak's own 403 follows.
            return;
        }
        AdminAuth auth = caller();
        AdminEventBuilder adminEvent = new AdminEventBuilder(realm, auth, session, session.getContext().getConnection());
        try {
            service().apply(realm, user, Transition.setActive(active, Caller.of(auth, Caller.SOURCE_SCIM), ""), adminEvent);
        } catch (Refusal refusal) {
            throw new ModelValidationException(refusal.getMessage());
        }
    }

    /** Keycloak's SCIM authenticated the request; a caller the pack can't see is not let through to a change. */
    private AdminAuth caller() {
        AdminAuth auth = StockCallers.adminAuth(session);
        if (auth == null) {
            throw new ModelValidationException("The caller of this change could not be identified.");
        }
        return auth;
    }

    private DeactivationService service() {
        return session.getProvider(DeactivationService.class);
    }

    /**
     * The {@code active} a PATCH asks for, or {@code null}: {@code replace}/{@code add} with the path {@code active},
     * or without a path and a value object holding {@code active}; booleans also as the strings Entra ID sends. The
     * last such operation wins, as it does when Keycloak applies them in order.
     */
    static Boolean requestedActive(List<PatchOperation> operations) {
        Boolean active = null;
        for (PatchOperation operation : operations == null ? List.<PatchOperation>of() : operations) {
            String op = operation.getOp() == null ? "" : operation.getOp().toLowerCase(Locale.ROOT);
            if (!op.equals("replace") && !op.equals("add")) {
                continue;
            }
            String path = operation.getPath();
            JsonNode value = operation.getValue();
            if (path != null && !path.isBlank()) {
                if (path.trim().equalsIgnoreCase("active")) {
                    active = parseBoolean(value, active);
                }
            } else if (value != null && value.isObject()) {
                JsonNode nested = value.get("active");
                if (nested != null) {
                    active = parseBoolean(nested, active);
                }
            }
        }
        return active;
    }

    private static Boolean parseBoolean(JsonNode value, Boolean otherwise) {
        if (value == null) {
            return otherwise;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.textValue());
        }
        return otherwise;
    }
}
