package io.github.accountdisabling.scim;

import io.github.accountdisabling.config.AccountDisablingSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.Change;
import io.github.accountdisabling.service.Transition;
import io.github.accountdisabling.account.DisabledAttributes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /realms/{realm}/scim2}: SCIM 2.0 Users (read, filter, PATCH, PUT) whose state changes all go through the
 * {@link DeactivationService}: same guards, revocation, history (source {@code scim}) as the admin API.
 */
public final class ScimResource {

    static final int MAX_BODY_BYTES = ScimHttp.MAX_BODY_BYTES;
    /** Realm attribute: what {@code DELETE /Users/{id}} does, {@code deactivate} (default) or {@code delete}. */
    public static final String DELETE_REASON = "deprovisioned by SCIM client";

    private final KeycloakSession session;
    private final RealmModel realm;

    ScimResource(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    // ---- discovery ----------------------------------------------------------------------------------------

    @GET
    @Path("ServiceProviderConfig")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response serviceProviderConfig() {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            return ok(ScimDiscovery.serviceProviderConfig(baseUrl(), MAX_BODY_BYTES, ScimHttp.MAX_COUNT));
        });
    }

    @GET
    @Path("Schemas")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response schemas() {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            ArrayNode all = ScimJson.array().add(ScimDiscovery.userSchema(baseUrl()))
                    .add(ScimDiscovery.enterpriseSchema(baseUrl())).add(ScimDiscovery.wso2Schema(baseUrl()))
                    .add(ScimDiscovery.groupSchema(baseUrl()));
            return ok(ScimJson.list(all.size(), 1, all));
        });
    }

    @GET
    @Path("Schemas/{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response schema(@PathParam("id") String id) {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            if (ScimJson.CORE_USER_SCHEMA.equals(id)) {
                return ok(ScimDiscovery.userSchema(baseUrl()));
            }
            if (ScimJson.WSO2_SCHEMA.equals(id)) {
                return ok(ScimDiscovery.wso2Schema(baseUrl()));
            }
            if (ScimPaths.ENTERPRISE_SCHEMA.equals(id)) {
                return ok(ScimDiscovery.enterpriseSchema(baseUrl()));
            }
            if (ScimGroupJson.SCHEMA.equals(id)) {
                return ok(ScimDiscovery.groupSchema(baseUrl()));
            }
            throw new ScimException(404, null, "No schema '" + id + "'.");
        });
    }

    @GET
    @Path("ResourceTypes")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response resourceTypes() {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            return ok(ScimJson.list(2, 1, ScimJson.array().add(ScimDiscovery.userResourceType(baseUrl()))
                    .add(ScimDiscovery.groupResourceType(baseUrl()))));
        });
    }

    @GET
    @Path("ResourceTypes/{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response resourceType(@PathParam("id") String id) {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            if ("Group".equals(id)) {
                return ok(ScimDiscovery.groupResourceType(baseUrl()));
            }
            if (!"User".equals(id)) {
                throw new ScimException(404, null, "No resource type '" + id + "'.");
            }
            return ok(ScimDiscovery.userResourceType(baseUrl()));
        });
    }

    /** Discovery is read-only (RFC 7644 §4): any other method is 405 naming GET, not a 404. */
    private static final String DISCOVERY = "{discovery:ServiceProviderConfig|Schemas|ResourceTypes}{rest:(/[^/]+)?}";

    @POST
    @Path(DISCOVERY)
    @Consumes(MediaType.WILDCARD)
    public Response postDiscovery() {
        return readOnly();
    }

    @PUT
    @Path(DISCOVERY)
    @Consumes(MediaType.WILDCARD)
    public Response putDiscovery() {
        return readOnly();
    }

    @PATCH
    @Path(DISCOVERY)
    @Consumes(MediaType.WILDCARD)
    public Response patchDiscovery() {
        return readOnly();
    }

    @DELETE
    @Path(DISCOVERY)
    public Response deleteDiscovery() {
        return readOnly();
    }

    private Response readOnly() {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            return Response.fromResponse(ScimErrors.error(405, null, "Discovery endpoints are read-only; use GET.", 0))
                    .header("Allow", "GET").build();
        });
    }

    // ---- users --------------------------------------------------------------------------------------------

    @GET
    @Path("Users/{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response getUser(@PathParam("id") String id, @QueryParam("attributes") String attributes,
                            @QueryParam("excludedAttributes") String excludedAttributes) {
        return handle(() -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            UserModel user = viewableUser(auth, id);
            ScimProjection projection = userProjection(attributes, excludedAttributes);
            ObjectNode json = userJson(user, projection);
            String version = json.get("meta").get("version").asText();
            return Response.ok(projection.apply(json).toString(), ScimJson.MEDIA_TYPE).header("ETag", version)
                    .header("Location", location(user)).build();
        });
    }

    /** {@code groups} is returned when asked for (RFC 7643 §4.1.2 lets it be; it costs a query per user). */
    private ObjectNode userJson(UserModel user, ScimProjection projection) {
        ObjectNode json = ScimJson.user(user, location(user));
        if (projection.requested("groups")) {
            ScimJson.putGroups(json, user, baseUrl());
        }
        return json;
    }

    private static ScimProjection userProjection(String attributes, String excludedAttributes) {
        return ScimProjection.of(attributes, excludedAttributes, ScimJson.CORE_USER_SCHEMA, Set.of("userName",
                "externalId", "name", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage",
                "locale", "timezone", "emails", "phoneNumbers", "addresses", "active", "groups", "meta",
                ScimJson.WSO2_SCHEMA, ScimPaths.ENTERPRISE_SCHEMA));
    }

    @GET
    @Path("Users")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response listUsers(@QueryParam("filter") String filter, @QueryParam("startIndex") String startIndexParam,
                              @QueryParam("count") String countParam, @QueryParam("attributes") String attributes,
                              @QueryParam("excludedAttributes") String excludedAttributes,
                              @QueryParam("sortBy") String sortBy, @QueryParam("sortOrder") String sortOrder) {
        return handle(() -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            if (!auth.permissions().users().canView()) {
                throw forbidden("view-users");
            }
            ScimProjection projection = userProjection(attributes, excludedAttributes);
            int startIndex = ScimHttp.startIndex(startIndexParam);
            int count = ScimHttp.count(countParam);
            ScimSort sort = ScimSort.users(sortBy, sortOrder);
            ScimUserQuery query = new ScimUserQuery(session, realm, ScimUserFilter.parse(filter));
            long total = query.count();
            List<UserModel> page = query.page(startIndex - 1, count, sort);
            ArrayNode resources = ScimJson.array();
            page.forEach(user -> resources.add(projection.apply(userJson(user, projection))));
            return ok(ScimJson.list(total, startIndex, resources));
        });
    }

    @POST
    @Path("Users")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response createUser(InputStream body) {
        return handle(() -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            if (!auth.permissions().users().canManage()) {
                throw forbidden("manage-users");
            }
            Caller caller = Caller.of(auth.adminAuth(), Caller.SOURCE_SCIM);
            ScimUser draft = ScimReplace.from(ScimHttp.readBody(body), null);
            if (draft.active()) {
                service().checkRateLimit(realm, caller);
            }
            UserModel user = new ScimUserStore(session, realm).create(draft);
            if (!draft.active()) {
                // Counted by the service; a guard's refusal rolls the creation back too.
                service().apply(realm, user, Transition.createdInactive(caller), adminEvent(auth));
            }
            adminEvent(auth).operation(OperationType.CREATE).resource(ResourceType.USER)
                    .resourcePath("users", user.getId()).representation(ScimJson.user(user, location(user)))
                    .success();
            return resource(session.users().getUserById(realm, user.getId()), Response.Status.CREATED);
        });
    }

    @PATCH
    @Path("Users/{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response patchUser(@PathParam("id") String id, InputStream body) {
        return changeUser(id, body, (json, current) -> ScimPatch.apply(json, current));
    }

    @PUT
    @Path("Users/{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response replaceUser(@PathParam("id") String id, InputStream body) {
        return changeUser(id, body, (json, current) -> ScimReplace.from(json, current.active()));
    }

    /**
     * Deactivates the account instead of deleting it (reason {@value #DELETE_REASON}, guards apply) and removes it
     * from SCIM (RFC 7644 §3.6: 404 for every operation, in no list) until an admin reactivates it; unless the
     * realm's {@code accountDisabling.scimDelete} is {@code delete}.
     */
    @DELETE
    @Path("Users/{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response deleteUser(@PathParam("id") String id) {
        return handle(() -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            UserModel user = manageableUser(auth, id);
            Caller caller = Caller.of(auth.adminAuth(), Caller.SOURCE_SCIM);
            if (AccountDisablingSettings.of(realm).scimDeleteDeletes()) {
                AdminEventBuilder adminEvent = adminEvent(auth);
                service().delete(realm, user, caller, DELETE_REASON, this::checkIfMatch, adminEvent);
                adminEvent.operation(OperationType.DELETE).resource(ResourceType.USER)
                        .resourcePath("users", id).success();
            } else {
                service().apply(realm, user, Transition.removeFromScim(caller, DELETE_REASON)
                        .onlyIf(this::checkIfMatch), adminEvent(auth));
            }
            return Response.noContent().build();
        });
    }

    /** {@code /Groups}: the realm's top-level groups. */
    @Path("Groups")
    public ScimGroupsResource groups() {
        return new ScimGroupsResource(session, realm);
    }

    /** What a PATCH or PUT body makes of the user as it is. */
    private interface Change {
        ScimUser of(JsonNode body, ScimUser current);
    }

    /**
     * PATCH and PUT differ only in how the body makes the wanted user. The user's row is locked first, so
     * {@code If-Match} is compared with the version the change is applied to; the profile is written, then the
     * state through the deactivation service. A refusal anywhere rolls all of it back.
     */
    private Response changeUser(String id, InputStream body, Change change) {
        return handle(() -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            UserModel found = manageableUser(auth, id);
            Caller caller = Caller.of(auth.adminAuth(), Caller.SOURCE_SCIM);
            JsonNode json = ScimHttp.readBody(body);
            UserModel user = service().lockForChange(realm, found);
            checkIfMatch(user);
            ScimUser current = ScimUser.of(user);
            ScimUser wanted = change.of(json, current);
            boolean stateChanges = wanted.active() != null && wanted.active() != user.isEnabled();
            if (!stateChanges) {
                service().checkRateLimit(realm, caller);
            }
            if (!wanted.withActive(current.active()).equals(current)) {
                new ScimUserStore(session, realm).update(user, wanted);
                adminEvent(auth).operation(OperationType.UPDATE).resource(ResourceType.USER)
                        .resourcePath("users", user.getId())
                        .representation(ScimJson.user(user, location(user))).success();
            }
            if (stateChanges) {
                service().apply(realm, user, Transition.setActive(wanted.active(), caller, ""), adminEvent(auth));
            }
            return resource(session.users().getUserById(realm, user.getId()), Response.Status.OK);
        });
    }

    private AdminEventBuilder adminEvent(ScimAuth.Authenticated auth) {
        return ScimHttp.adminEvent(session, realm, auth);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private UserModel findUser(ScimAuth.Authenticated auth, String id) {
        UserModel user = session.users().getUserById(realm, id);
        if (user == null || user.getServiceAccountClientLink() != null || DisabledAttributes.removedByScim(user)) {
            if (!auth.permissions().users().canQuery() && !auth.permissions().users().canView()) {
                throw forbidden("view-users");
            }
            throw new ScimException(404, null, "User " + id + " not found.");
        }
        return user;
    }

    private UserModel viewableUser(ScimAuth.Authenticated auth, String id) {
        UserModel user = findUser(auth, id);
        if (!auth.permissions().users().canView(user)) {
            throw forbidden("view-users");
        }
        return user;
    }

    private UserModel manageableUser(ScimAuth.Authenticated auth, String id) {
        UserModel user = findUser(auth, id);
        if (!auth.permissions().users().canManage(user)) {
            throw forbidden("manage-users");
        }
        return user;
    }

    private void checkIfMatch(UserModel user) {
        ScimHttp.checkIfMatch(session, () -> ScimJson.user(user, location(user)).get("meta").get("version").asText());
    }

    private Response resource(UserModel user, Response.Status status) {
        ObjectNode json = ScimJson.user(user, location(user));
        return Response.status(status)
                .type(ScimJson.MEDIA_TYPE)
                .header("ETag", json.get("meta").get("version").asText())
                .header("Location", location(user))
                .entity(json.toString())
                .build();
    }

    private static Response ok(ObjectNode json) {
        return ScimHttp.ok(json.toString());
    }

    private String baseUrl() {
        return ScimHttp.baseUrl(session, realm);
    }

    private String location(UserModel user) {
        return baseUrl() + "/Users/" + user.getId();
    }

    private static ScimException forbidden(String permission) {
        return ScimHttp.forbidden(permission);
    }

    private DeactivationService service() {
        return session.getProvider(DeactivationService.class);
    }

    private Response handle(Supplier<Response> action) {
        return ScimHttp.handle(session, action);
    }
}
