package io.github.accountdisabling.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.accountdisabling.authenticator.GatedFlows;
import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.config.InvalidSettingsException;
import io.github.accountdisabling.config.SettingsParser;
import io.github.accountdisabling.config.SettingsService;
import io.github.accountdisabling.history.HistoryEntry;
import io.github.accountdisabling.account.AccountState;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.Change;
import io.github.accountdisabling.service.Transition;
import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.account.Refusal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.List;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/account-disabling}. Keycloak has already authenticated the caller (401 without a
 * token); each method checks the caller's admin permissions before anything else, and every change goes through
 * the {@link DeactivationService}.
 */
public final class AccountDisablingAdminResource {

    static final int MAX_EMAIL_MATCHES = 100;
    static final int MAX_PAGE = 100;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    KeycloakSession session() {
        return session;
    }

    RealmModel realm() {
        return realm;
    }

    AdminEventBuilder adminEvent() {
        return adminEvent;
    }

    AccountDisablingAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                  AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    // ---- config -------------------------------------------------------------------------------------------

    @GET
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getConfig() {
        // Operators of relying apps hold view-users, not view-realm, and still need to know whether the API is on.
        if (!auth.realm().canViewRealm() && !auth.users().canView()) {
            throw ApiError.forbidden("view-users");
        }
        return Response.ok(SettingsService.read(realm)).build();
    }

    @PUT
    @Path("config")
    @Consumes(MediaType.WILDCARD)
    public Response putConfig(String body) {
        requireManageRealm();
        service().checkRateLimit(realm, caller());
        AccountDisablingSettings updated;
        try {
            updated = SettingsParser.parseJson(body, SettingsService.read(realm));
        } catch (InvalidSettingsException e) {
            return ApiError.of(Response.Status.BAD_REQUEST, e.code(), e.getMessage());
        }
        SettingsService.write(session, realm, updated);
        adminEvent.resource(ResourceType.REALM)
                .operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(updated)
                .success();
        return Response.noContent().build();
    }

    // ---- reference ----------------------------------------------------------------------------------------

    /** The OpenAPI document of this API, as in the repository's {@code docs/openapi.json}. */
    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openApi() {
        return Response.ok(OpenApiDocument.bytes()).build();
    }

    // ---- flows --------------------------------------------------------------------------------------------

    /** Copies the realm's bound browser and direct-grant flows with the gate; see {@link GatedFlows}. */
    @POST
    @Path("flows")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response installFlows(String body) {
        requireManageRealm();
        service().checkRateLimit(realm, caller());
        boolean bind = RequestBodies.bind(body);
        GatedFlows.Installed installed = new GatedFlows(session, realm).install(bind);
        adminEvent.resource(ResourceType.AUTH_FLOW)
                .operation(OperationType.CREATE)
                .resourcePath(session.getContext().getUri())
                .representation(installed)
                .success();
        return Response.ok(installed).build();
    }

    // ---- users --------------------------------------------------------------------------------------------

    /**
     * One user, resolved once the way Keycloak's {@code UsersResource.user(id)} does: an unknown id is 404 for a caller
     * who may look users up and 403 for anyone else; the user's resource then checks view or manage on that user.
     */
    @Path("users/{id}")
    public AccountDisablingUserResource user(@PathParam("id") String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null && !mayLookUpUsers()) {
            throw ApiError.forbidden("view-users");
        }
        return new AccountDisablingUserResource(this, id, user);
    }

    @GET
    @Path("users")
    @Produces(MediaType.APPLICATION_JSON)
    public Response findUsers(@QueryParam("email") String email, @QueryParam("state") String state,
                              @QueryParam("first") String first, @QueryParam("max") String max) {
        if (!mayLookUpUsers()) {
            throw ApiError.forbidden("view-users");
        }
        if (state != null) {
            return listByState(state, first, max);
        }
        if (email == null || email.isBlank()) {
            return ApiError.of(Response.Status.BAD_REQUEST, "missing_parameter",
                    "Query parameter 'email' or 'state' is required.");
        }
        List<UserMatch> matches = session.users()
                .searchForUserStream(realm, Map.of(UserModel.EMAIL, email.trim(), UserModel.EXACT, "true"),
                        0, MAX_EMAIL_MATCHES)
                .filter(user -> auth.users().canView(user))
                .map(user -> new UserMatch(user.getId(), user.getUsername(), user.getEmail(),
                        AccountState.of(user).name()))
                .toList();
        return Response.ok(matches).build();
    }

    /** One match of {@code GET /users?email=}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserMatch(String id, String username, String email, String state) {
    }

    /** {@code ?state=DEACTIVATED|ACTIVE&first=&max=}: one page, filtered and paged by the database. */
    private Response listByState(String state, String first, String max) {
        AccountState wanted;
        try {
            wanted = AccountState.valueOf(state.trim());
        } catch (IllegalArgumentException e) {
            return ApiError.of(Response.Status.BAD_REQUEST, "invalid_parameter", "'state' is ACTIVE or DEACTIVATED.");
        }
        Integer firstResult = boundedInt(first, 0, 0, Integer.MAX_VALUE);
        Integer maxResults = boundedInt(max, MAX_PAGE, 1, MAX_PAGE);
        if (firstResult == null || maxResults == null) {
            return ApiError.of(Response.Status.BAD_REQUEST, "invalid_parameter",
                    "'first' is an integer of at least 0, 'max' one from 1 to " + MAX_PAGE + ".");
        }
        Map<String, String> params = Map.of(UserModel.ENABLED, Boolean.toString(wanted == AccountState.ACTIVE),
                UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        List<UserState> page = session.users().searchForUserStream(realm, params, firstResult, maxResults)
                .filter(user -> auth.users().canView(user))
                .map(AccountDisablingAdminResource::stateJson)
                .toList();
        return Response.ok(page).build();
    }

    /** The parsed value, the fallback when absent, {@code null} when it isn't an integer within the bounds. */
    private static Integer boundedInt(String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed < min || parsed > max ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Deactivates each listed user in a transaction of its own; one result per id, in order. */
    @POST
    @Path("users/deactivate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response bulkDeactivate(String body) {
        return bulk(body, AccountState.DEACTIVATED);
    }

    /** Reactivates each listed user in a transaction of its own; one result per id, in order. */
    @POST
    @Path("users/reactivate")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response bulkReactivate(String body) {
        return bulk(body, AccountState.ACTIVE);
    }

    private Response bulk(String body, AccountState wanted) {
        if (!auth.users().canManage() && !mayLookUpUsers()) {
            throw ApiError.forbidden("manage-users");
        }
        RequestBodies.Bulk request = RequestBodies.bulk(body, MAX_BULK_IDS);
        Caller caller = caller();
        List<BulkResult> results = request.ids().stream()
                .map(id -> bulkItem(id, wanted, caller, request.reason()))
                .toList();
        return Response.ok(new BulkResults(results)).build();
    }

    /**
     * One item: looked up and permission-checked here, changed in a transaction of its own, so a refusal (which
     * rolls its transaction back) never undoes another item. The rate limit counts each item.
     */
    private BulkResult bulkItem(String id, AccountState wanted, Caller caller, String reason) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null) {
            return BulkResult.refused(id, 404, Refusal.USER_NOT_FOUND, "The user does not exist in this realm.");
        }
        if (!auth.users().canManage(user)) {
            return BulkResult.refused(id, 403, "forbidden", "The caller may not manage this user.");
        }
        try {
            Details details = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                    session.getContext(), itemSession -> {
                        RealmModel itemRealm = itemSession.realms().getRealm(realm.getId());
                        UserModel itemUser = itemSession.users().getUserById(itemRealm, id);
                        if (itemUser == null) {
                            throw new Refusal(404, Refusal.USER_NOT_FOUND, "The user does not exist in this realm.");
                        }
                        Transition transition = wanted == AccountState.DEACTIVATED
                                ? Transition.deactivate(caller, reason) : Transition.reactivate(caller, reason);
                        return detailsOf(itemSession.getProvider(DeactivationService.class)
                                .apply(itemRealm, itemUser, transition, adminEvent.clone(itemSession)).orElseThrow(),
                                itemRealm);
                    }, "account-disabling bulk item");
            return new BulkResult(id, 200, null, details);
        } catch (Refusal refusal) {
            return BulkResult.refused(id, refusal.status(), refusal.code(), refusal.getMessage());
        }
    }

    /** At most this many ids per bulk call. */
    public static final int MAX_BULK_IDS = 100;

    /** The bulk calls' answer. */
    record BulkResults(List<BulkResult> results) {
    }

    /** {@code details} is the change's {@link Details} on success, an {@link ItemError} on a refusal. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record BulkResult(String id, int status, String code, Object details) {
        static BulkResult refused(String id, int status, String code, String message) {
            return new BulkResult(id, status, code, new ItemError(message));
        }
    }

    record ItemError(String error) {
    }

    /** sFOX's account call, answered in sFOX's shapes (see {@link CompatibilityEndpoints}). */
    @Path("accounts")
    public CompatibilityEndpoints.Sfox sfox() {
        return new CompatibilityEndpoints.Sfox(this);
    }

    /** Mendix's platform-user call (see {@link CompatibilityEndpoints}). */
    @Path("platform-users")
    public CompatibilityEndpoints.Mendix mendix() {
        return new CompatibilityEndpoints.Mendix(this);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void requireManageRealm() {
        if (!auth.realm().canManageRealm()) {
            throw ApiError.forbidden("manage-realm");
        }
    }

    AdminPermissionEvaluator auth() {
        return auth;
    }

    /** Telling "no such user" from "not allowed" is only for callers who may look users up anyway. */
    private boolean mayLookUpUsers() {
        return auth.users().canQuery() || auth.users().canView();
    }

    DeactivationService service() {
        return session.getProvider(DeactivationService.class);
    }

    Caller caller() {
        return Caller.of(auth.adminAuth(), Caller.SOURCE_ADMIN_API);
    }

    /** What a change answers: {@code {"details": {...}}}. */
    record Changed(Details details) {
        static Changed of(Change change, RealmModel realm) {
            return new Changed(detailsOf(change, realm));
        }
    }

    /** {@code creationDate} is {@code null} for a user without a creation time (Keycloak's JSON leaves it out otherwise). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Details(String sequence, String changeDate, String resourceOwner, String creationDate) {
    }

    private static Details detailsOf(Change change, RealmModel realm) {
        Long created = change.user().getCreatedTimestamp();
        return new Details(Long.toString(change.entry().sequence()), change.entry().createdAtIso(), realm.getId(),
                created == null ? null : HistoryEntry.iso(created));
    }

    /** {@code GET /users/{id}}: every documented field, {@code null} when unset (Keycloak's JSON leaves nulls out). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserState(String id, String username, String state, String disabledAt, String disabledBy,
                     String disabledByName, String reason, String source) {
    }

    static UserState stateJson(UserModel user) {
        boolean deactivated = AccountState.of(user) == AccountState.DEACTIVATED;
        return new UserState(user.getId(), user.getUsername(), AccountState.of(user).name(),
                deactivated ? user.getFirstAttribute(DisabledAttributes.AT) : null,
                deactivated ? user.getFirstAttribute(DisabledAttributes.BY) : null,
                deactivated ? user.getFirstAttribute(DisabledAttributes.BY_NAME) : null,
                deactivated ? user.getFirstAttribute(DisabledAttributes.REASON) : null,
                deactivated ? user.getFirstAttribute(DisabledAttributes.SOURCE) : null);
    }
}
