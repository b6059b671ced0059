package io.github.accountdisabling.stock;

import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.scim.ScimResource;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.Transition;
import io.github.accountdisabling.account.Refusal;
import jakarta.ws.rs.WebApplicationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.scim.model.user.UserResourceTypeProvider;
import org.keycloak.scim.protocol.ForbiddenException;
import org.keycloak.scim.protocol.request.PatchRequest.PatchOperation;
import org.keycloak.scim.resource.user.User;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.List;
import java.util.function.Supplier;

/**
 * Keycloak's own SCIM user resource type ({@code /realms/{realm}/scim/v2/Users}) with the pack deciding the account
 * state: while the realm's toggle is on, a PUT or PATCH that changes the state (whatever shape Keycloak reads as a
 * change of {@code active}) is the pack's deactivation or reactivation, decided in the request's transaction before it
 * commits, and a DELETE is what the realm's SCIM delete mode says (deactivate, or guarded delete). Everything else is
 * Keycloak's.
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
        return rolledBackOnFailure(() -> {
            User created = super.create(rep);
            RealmModel realm = session.getContext().getRealm();
            UserModel user = created.getId() == null ? null : getModel(created.getId());
            if (user != null && !user.isEnabled() && SettingsService.read(realm).enabled()) {
                AdminAuth auth = caller();
                apply(realm, user, Transition.createdInactive(Caller.of(auth, Caller.SOURCE_SCIM)), auth);
            }
            return created;
        });
    }

    @Override
    public User update(User rep) {
        UserModel user = rep.getId() == null ? null : getModel(rep.getId());
        return rolledBackOnFailure(() -> decidedByOutcome(user, () -> super.update(rep)));
    }

    @Override
    public void patch(User existing, List<PatchOperation> operations) {
        UserModel user = existing.getId() == null ? null : getModel(existing.getId());
        rolledBackOnFailure(() -> decidedByOutcome(user, () -> {
            super.patch(existing, operations);
            return null;
        }));
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
        return rolledBackOnFailure(() -> {
            if (AccountDisablingSettings.of(realm).scimDeleteDeletes()) {
                try {
                    service().delete(realm, user, caller, ScimResource.DELETE_REASON, found -> { },
                            adminEvent(realm, auth));
                } catch (Refusal refusal) {
                    throw new ModelValidationException(refusal.getMessage());
                }
            } else {
                apply(realm, user, Transition.setActive(false, caller, ScimResource.DELETE_REASON), auth);
            }
            return true;
        });
    }

    /**
     * Lets Keycloak apply the request, then looks at what it did to {@code enabled}: Keycloak's SCIM turns many shapes
     * into a change of it ({@code remove active}, {@code null}, non-boolean values, value objects keyed in any case or
     * under the schema URN), so the pack decides on the outcome, not on its own reading of the request. A change of
     * state is put back and made again through the pack's transition, guards first; a refusal rolls it all back.
     */
    private <T> T decidedByOutcome(UserModel user, Supplier<T> keycloaksChange) {
        RealmModel realm = session.getContext().getRealm();
        if (user == null || !SettingsService.read(realm).enabled()) {
            return keycloaksChange.get();
        }
        boolean before = user.isEnabled();
        T result = keycloaksChange.get();
        UserModel changed = getModel(user.getId());
        if (changed != null && changed.isEnabled() != before) {
            boolean wanted = changed.isEnabled();
            changed.setEnabled(before);
            AdminAuth auth = caller();
            apply(realm, changed, Transition.setActive(wanted, Caller.of(auth, Caller.SOURCE_SCIM), ""), auth);
        }
        return result;
    }

    private void apply(RealmModel realm, UserModel user, Transition transition, AdminAuth auth) {
        try {
            service().apply(realm, user, transition, adminEvent(realm, auth));
        } catch (Refusal refusal) {
            throw new ModelValidationException(refusal.getMessage());
        }
    }

    private AdminEventBuilder adminEvent(RealmModel realm, AdminAuth auth) {
        return new AdminEventBuilder(realm, auth, session, session.getContext().getConnection());
    }

    /**
     * Keycloak's SCIM rolls the request back only for a validation error; any other failure after the pack wrote
     * would commit the pack's part. So every failure rolls back here, and one that is a bug of Keycloak's own handling
     * of an odd request (a {@code replace} without a value) answers 400 rather than 500.
     */
    private <T> T rolledBackOnFailure(Supplier<T> work) {
        try {
            return work.get();
        } catch (ModelException | WebApplicationException | ForbiddenException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            throw new ModelValidationException("The request could not be applied (" + e.getClass().getSimpleName() + ").");
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
}
