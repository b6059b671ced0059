package io.github.accountdisabling.scim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.accountdisabling.service.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.DeactivationService.Transition;
import io.github.accountdisabling.service.DisabledAttributes;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /realms/{realm}/scim2}: SCIM 2.0 Users (read, filter, PATCH, PUT) whose state changes all go through the
 * {@link DeactivationService}: same guards, revocation, history (source {@code scim}) as the admin API.
 */
public final class ScimResource {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Realm attribute: what {@code DELETE /Users/{id}} does, {@code deactivate} (default) or {@code delete}. */
    public static final String DELETE_MODE_ATTRIBUTE = "accountDisabling.scimDelete";
    public static final String DELETE_MODE_DELETE = "delete";
    public static final String DELETE_REASON = "deprovisioned by SCIM client";
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 200;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
            return ok(ScimDiscovery.serviceProviderConfig(baseUrl(), MAX_BODY_BYTES, MAX_COUNT));
        });
    }

    @GET
    @Path("Schemas")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response schemas() {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            ArrayNode all = ScimJson.array().add(ScimDiscovery.userSchema(baseUrl())).add(ScimDiscovery.wso2Schema(baseUrl()));
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
            throw new ScimException(404, null, "No schema '" + id + "'.");
        });
    }

    @GET
    @Path("ResourceTypes")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response resourceTypes() {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            return ok(ScimJson.list(1, 1, ScimJson.array().add(ScimDiscovery.userResourceType(baseUrl()))));
        });
    }

    @GET
    @Path("ResourceTypes/{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response resourceType(@PathParam("id") String id) {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            if (!"User".equals(id)) {
                throw new ScimException(404, null, "No resource type '" + id + "'.");
            }
            return ok(ScimDiscovery.userResourceType(baseUrl()));
        });
    }

    // ---- users --------------------------------------------------------------------------------------------

    @GET
    @Path("Users/{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response getUser(@PathParam("id") String id) {
        return handle(() -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            UserModel user = findUser(auth, id);
            if (!auth.permissions().users().canView(user)) {
                throw forbidden("view-users");
            }
            return resource(user, Response.Status.OK);
        });
    }

    @GET
    @Path("Users")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response listUsers(@QueryParam("filter") String filter, @QueryParam("startIndex") String startIndexParam,
                              @QueryParam("count") String countParam) {
        return handle(() -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            if (!auth.permissions().users().canView()) {
                throw forbidden("view-users");
            }
            int startIndex = Math.max(1, intParam(startIndexParam, 1, "startIndex"));
            int count = Math.min(MAX_COUNT, Math.max(0, intParam(countParam, DEFAULT_COUNT, "count")));
            ScimUserQuery query = new ScimUserQuery(session, realm, ScimUserFilter.parse(filter));
            long total = query.count();
            List<UserModel> page = query.page(startIndex - 1, count);
            ArrayNode resources = ScimJson.array();
            page.forEach(user -> resources.add(ScimJson.user(user, location(user))));
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
            ScimUser draft = ScimReplace.from(readBody(body), null);
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
            if (DELETE_MODE_DELETE.equals(realm.getAttribute(DELETE_MODE_ATTRIBUTE))) {
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

    /** Groups are not provisioned through this endpoint; Keycloak's own SCIM endpoint has them. */
    @GET
    @Path("Groups{rest:(/.*)?}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response getGroups() {
        return groupsNotImplemented();
    }

    @POST
    @Path("Groups{rest:(/.*)?}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response postGroups() {
        return groupsNotImplemented();
    }

    @PUT
    @Path("Groups{rest:(/.*)?}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response putGroups() {
        return groupsNotImplemented();
    }

    @PATCH
    @Path("Groups{rest:(/.*)?}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response patchGroups() {
        return groupsNotImplemented();
    }

    @DELETE
    @Path("Groups{rest:(/.*)?}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response deleteGroups() {
        return groupsNotImplemented();
    }

    private Response groupsNotImplemented() {
        return handle(() -> {
            ScimAuth.authenticate(session, realm);
            throw new ScimException(501, null, "Groups are not provisioned through this endpoint; "
                    + "use Keycloak's own SCIM endpoint (/realms/{realm}/scim/v2) or the admin API for groups.");
        });
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
            JsonNode json = readBody(body);
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
        return new AdminEventBuilder(realm, auth.adminAuth(), session, session.getContext().getConnection());
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

    private UserModel manageableUser(ScimAuth.Authenticated auth, String id) {
        UserModel user = findUser(auth, id);
        if (!auth.permissions().users().canManage(user)) {
            throw forbidden("manage-users");
        }
        return user;
    }

    private void checkIfMatch(UserModel user) {
        String ifMatch = session.getContext().getRequestHeaders().getHeaderString("If-Match");
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = opaque(ScimJson.user(user, location(user)).get("meta").get("version").asText());
        for (String candidate : ifMatch.split(",")) {
            if (opaque(candidate).equals(current)) {
                return;
            }
        }
        throw new ScimException(412, null, "The resource has changed since version " + ifMatch.trim()
                + "; read it again and retry.");
    }

    /** ETags compare by their opaque part; weak and strong forms of one version match. */
    private static String opaque(String etag) {
        String value = etag.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return value.replace("\"", "");
    }

    private JsonNode readBody(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ScimException(413, null, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        if (bytes.length == 0) {
            throw ScimException.badRequest(ScimException.INVALID_SYNTAX, "The request body is empty.");
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ScimException.badRequest(ScimException.INVALID_SYNTAX, "The request body is not valid JSON.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intParam(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.badRequest(ScimException.INVALID_VALUE, "'" + name + "' must be an integer.");
        }
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
        return Response.ok(json.toString(), ScimJson.MEDIA_TYPE).build();
    }

    private String baseUrl() {
        return session.getContext().getUri().getBaseUri().toString().replaceAll("/$", "")
                + "/realms/" + realm.getName() + "/" + ScimResourceProviderFactory.ID;
    }

    private String location(UserModel user) {
        return baseUrl() + "/Users/" + user.getId();
    }

    private static ScimException forbidden(String permission) {
        return new ScimException(403, null, "The caller lacks the '" + permission + "' permission.");
    }

    private DeactivationService service() {
        return session.getProvider(DeactivationService.class);
    }

    /**
     * SCIM's own errors; a {@link Refusal} from the service is rendered by the door's mapper (see ScimErrors). Either
     * way nothing the request began is kept.
     */
    private Response handle(Supplier<Response> action) {
        try {
            return action.get();
        } catch (ScimException e) {
            if (session.getTransactionManager().isActive()) {
                session.getTransactionManager().setRollbackOnly();
            }
            return ScimErrors.error(e.status(), e.scimType(), e.getMessage(), e.retryAfterSeconds());
        }
    }
}
