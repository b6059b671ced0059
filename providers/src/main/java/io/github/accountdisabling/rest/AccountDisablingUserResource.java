package io.github.accountdisabling.rest;

import io.github.accountdisabling.account.Refusal;
import io.github.accountdisabling.history.HistoryEntry;
import io.github.accountdisabling.service.Change;
import io.github.accountdisabling.service.Transition;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.UserModel;

import java.util.List;

/**
 * {@code …/account-disabling/users/{id}}, made by {@link AccountDisablingAdminResource#user} for one resolved user.
 * Reads need view and changes manage on that user, each checked once here; a refusal is thrown and rendered by
 * {@link RefusalMapper}.
 */
public final class AccountDisablingUserResource {

    private final AccountDisablingAdminResource api;
    private final String id;
    /** {@code null}: no such user, and the caller may look users up (anyone else was refused by the locator). */
    private final UserModel user;

    AccountDisablingUserResource(AccountDisablingAdminResource api, String id, UserModel user) {
        this.api = api;
        this.id = id;
        this.user = user;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public AccountDisablingAdminResource.UserState get() {
        return AccountDisablingAdminResource.stateJson(viewable());
    }

    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    public List<HistoryEntry.Json> history() {
        // A deleted user's trail outlives it (SCIM's delete mode writes its last row): readable by who may view
        // every user of the realm.
        if (user == null && api.auth().users().canView()) {
            List<HistoryEntry> kept = api.service().history(api.realm(), id);
            if (!kept.isEmpty()) {
                return kept.stream().map(HistoryEntry::toJson).toList();
            }
        }
        return api.service().history(api.realm(), viewable().getId()).stream().map(HistoryEntry::toJson).toList();
    }

    @POST
    @Path("deactivate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public AccountDisablingAdminResource.Changed deactivate(String body) {
        UserModel target = manageable();
        return change(target, Transition.deactivate(api.caller(), RequestBodies.reason(body)));
    }

    @POST
    @Path("reactivate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public AccountDisablingAdminResource.Changed reactivate(String body) {
        UserModel target = manageable();
        return change(target, Transition.reactivate(api.caller(), RequestBodies.reason(body)));
    }

    private AccountDisablingAdminResource.Changed change(UserModel target, Transition transition) {
        Change change = api.service().apply(api.realm(), target, transition, api.adminEvent())
                .orElseThrow();
        return AccountDisablingAdminResource.Changed.of(change, api.realm());
    }

    UserModel viewable() {
        UserModel found = found();
        if (!api.auth().users().canView(found)) {
            throw ApiError.forbidden("view-users");
        }
        return found;
    }

    UserModel manageable() {
        UserModel found = found();
        if (!api.auth().users().canManage(found)) {
            throw ApiError.forbidden("manage-users");
        }
        return found;
    }

    private UserModel found() {
        if (user == null) {
            throw new Refusal(404, Refusal.USER_NOT_FOUND, "The user does not exist in this realm.");
        }
        return user;
    }
}
