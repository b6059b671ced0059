package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.accountdisabling.scim.ScimGroupPatch.AddMembers;
import io.github.accountdisabling.scim.ScimGroupPatch.RemoveMembers;
import io.github.accountdisabling.scim.ScimGroupPatch.Rename;
import io.github.accountdisabling.scim.ScimGroupPatch.ReplaceMembers;
import io.github.accountdisabling.scim.ScimGroupPatch.SetExternalId;
import io.github.accountdisabling.scim.ScimGroupPatch.Step;
import io.github.accountdisabling.account.DisabledAttributes;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.scim.filter.ScimFilterParser;

import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /realms/{realm}/scim2/Groups}: the realm's top-level Keycloak groups as SCIM Groups (RFC 7643 §4.2), at the
 * same base URL as Users, so Entra ID and Okta provision both through one connection. Membership is Keycloak's own
 * ({@link UserModel#joinGroup}), so group mappers, role inheritance and admin events see SCIM's changes as theirs. A
 * group's writes hold its row lock, so concurrent PATCHes of one group apply one after the other.
 */
public final class ScimGroupsResource {

    private static final Logger LOG = Logger.getLogger(ScimGroupsResource.class);
    private static final String VIEW = "view-users";
    private static final String MANAGE = "manage-users";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ScimGroupQuery query;

    ScimGroupsResource(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.query = new ScimGroupQuery(session, realm);
    }

    @GET
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response list(@QueryParam("filter") String filter, @QueryParam("startIndex") String startIndexParam,
                         @QueryParam("count") String countParam, @QueryParam("attributes") String attributes,
                         @QueryParam("excludedAttributes") String excludedAttributes,
                         @QueryParam("sortBy") String sortBy, @QueryParam("sortOrder") String sortOrder) {
        return ScimHttp.handle(session, () -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            if (!auth.permissions().groups().canView()) {
                throw ScimHttp.forbidden(VIEW);
            }
            ScimProjection projection = projection(attributes, excludedAttributes);
            int startIndex = ScimHttp.startIndex(startIndexParam);
            int count = ScimHttp.count(countParam);
            ScimSort sort = ScimSort.groups(sortBy, sortOrder);
            Optional<ScimFilterParser.ExpressionContext> parsed = filter == null || filter.isBlank()
                    ? Optional.empty() : Optional.of(ScimFilterTree.parse(filter));
            long total = query.count(parsed);
            ArrayNode resources = ScimJson.array();
            for (GroupModel group : query.page(parsed, startIndex - 1, count, sort)) {
                resources.add(projection.apply(render(group, projection.shows("members"))));
            }
            return ScimHttp.ok(ScimJson.list(total, startIndex, resources).toString());
        });
    }

    @GET
    @Path("{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response get(@PathParam("id") String id, @QueryParam("attributes") String attributes,
                        @QueryParam("excludedAttributes") String excludedAttributes) {
        return ScimHttp.handle(session, () -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            GroupModel group = group(auth, id, false);
            ScimProjection projection = projection(attributes, excludedAttributes);
            ObjectNode json = render(group, projection.shows("members"));
            Response.ResponseBuilder response = Response.ok(projection.apply(json).toString(), ScimJson.MEDIA_TYPE)
                    .header("Location", location(group));
            if (json.get("meta").has("version")) {
                response.header("ETag", json.get("meta").get("version").asText());
            }
            return response.build();
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response create(InputStream body) {
        return ScimHttp.handle(session, () -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            if (!auth.permissions().groups().canManage()) {
                throw ScimHttp.forbidden(MANAGE);
            }
            ScimGroupJson.Draft draft = ScimGroupJson.read(ScimHttp.readBody(body));
            checkNameFree(draft.displayName(), null);
            GroupModel group;
            try {
                group = session.groups().createGroup(realm, draft.displayName());
            } catch (ModelDuplicateException | PersistenceException e) {
                throw nameTaken(draft.displayName());
            }
            if (draft.externalId() != null) {
                group.setSingleAttribute(ScimGroupQuery.EXTERNAL_ID_ATTRIBUTE, draft.externalId());
            }
            for (String userId : draft.memberIds()) {
                addMember(auth, group, userId);
            }
            ObjectNode json = render(group, true);
            ScimHttp.adminEvent(session, realm, auth).operation(OperationType.CREATE).resource(ResourceType.GROUP)
                    .resourcePath("groups", group.getId()).representation(json).success();
            LOG.infof("SCIM created group %s in realm %s", group.getId(), realm.getName());
            return Response.status(Response.Status.CREATED).type(ScimJson.MEDIA_TYPE)
                    .header("Location", location(group)).header("ETag", json.get("meta").get("version").asText())
                    .entity(json.toString()).build();
        });
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response replace(@PathParam("id") String id, InputStream body) {
        return ScimHttp.handle(session, () -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            GroupModel group = group(auth, id, true);
            ScimGroupJson.Draft draft = ScimGroupJson.read(ScimHttp.readBody(body));
            lockAndCheckVersion(group);
            apply(auth, group, List.of(new Rename(draft.displayName()), new SetExternalId(draft.externalId()),
                    new ReplaceMembers(draft.memberIds())));
            ObjectNode json = render(group, true);
            return Response.ok(json.toString(), ScimJson.MEDIA_TYPE).header("Location", location(group))
                    .header("ETag", json.get("meta").get("version").asText()).build();
        });
    }

    /** 204 (RFC 7644 §3.5.2 allows it): answering with the group would cost what its members cost. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response patch(@PathParam("id") String id, InputStream body) {
        return ScimHttp.handle(session, () -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            GroupModel group = group(auth, id, true);
            List<Step> steps = ScimGroupPatch.steps(ScimHttp.readBody(body), group.getId());
            lockAndCheckVersion(group);
            apply(auth, group, steps);
            return Response.noContent().build();
        });
    }

    @DELETE
    @Path("{id}")
    @Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    public Response delete(@PathParam("id") String id) {
        return ScimHttp.handle(session, () -> {
            ScimAuth.Authenticated auth = ScimAuth.authenticate(session, realm);
            GroupModel group = group(auth, id, true);
            lockAndCheckVersion(group);
            session.groups().removeGroup(realm, group);
            ScimHttp.adminEvent(session, realm, auth).operation(OperationType.DELETE).resource(ResourceType.GROUP)
                    .resourcePath("groups", id).success();
            LOG.infof("SCIM deleted group %s in realm %s", id, realm.getName());
            return Response.noContent().build();
        });
    }

    /**
     * The group, or 404 if the caller may see groups at all (else 403); then the permission the request needs: view
     * for reads, manage for writes (membership is checked per member as it changes).
     */
    private GroupModel group(ScimAuth.Authenticated auth, String id, boolean write) {
        Optional<GroupModel> found = query.find(id);
        if (found.isEmpty()) {
            if (!auth.permissions().groups().canView()) {
                throw ScimHttp.forbidden(VIEW);
            }
            throw new ScimException(404, null, "Group " + id + " not found.");
        }
        GroupModel group = found.get();
        if (write ? !auth.permissions().groups().canManage(group) : !auth.permissions().groups().canView(group)) {
            throw ScimHttp.forbidden(write ? MANAGE : VIEW);
        }
        return group;
    }

    /** The version is read after the lock, so it is the one the change applies to. */
    private void lockAndCheckVersion(GroupModel group) {
        query.lock(group);
        ScimHttp.checkIfMatch(session, () -> render(group, true).get("meta").get("version").asText());
    }

    private void apply(ScimAuth.Authenticated auth, GroupModel group, List<Step> steps) {
        boolean groupChanged = false;
        boolean anyChange = false;
        for (Step step : steps) {
            boolean changed;
            if (step instanceof Rename rename) {
                changed = rename(group, rename.displayName());
                groupChanged |= changed;
            } else if (step instanceof SetExternalId set) {
                changed = setExternalId(group, set.externalId());
                groupChanged |= changed;
            } else if (step instanceof AddMembers add) {
                changed = false;
                for (String userId : add.userIds()) {
                    changed |= addMember(auth, group, userId);
                }
            } else if (step instanceof RemoveMembers remove) {
                changed = false;
                for (String userId : remove.userIds()) {
                    changed |= removeMember(auth, group, userId);
                }
            } else {
                changed = replaceMembers(auth, group, ((ReplaceMembers) step).userIds());
            }
            anyChange |= changed;
        }
        if (anyChange) {
            group.setLastModifiedTimestamp(Time.currentTimeMillis());
        }
        if (groupChanged) {
            ScimHttp.adminEvent(session, realm, auth).operation(OperationType.UPDATE).resource(ResourceType.GROUP)
                    .resourcePath("groups", group.getId()).success();
            LOG.infof("SCIM updated group %s in realm %s", group.getId(), realm.getName());
        }
    }

    private boolean rename(GroupModel group, String displayName) {
        if (displayName.equals(group.getName())) {
            return false;
        }
        checkNameFree(displayName, group.getId());
        group.setName(displayName);
        return true;
    }

    private boolean setExternalId(GroupModel group, String externalId) {
        String current = group.getFirstAttribute(ScimGroupQuery.EXTERNAL_ID_ATTRIBUTE);
        if (java.util.Objects.equals(current, externalId)) {
            return false;
        }
        if (externalId == null) {
            group.removeAttribute(ScimGroupQuery.EXTERNAL_ID_ATTRIBUTE);
        } else {
            group.setSingleAttribute(ScimGroupQuery.EXTERNAL_ID_ATTRIBUTE, externalId);
        }
        return true;
    }

    private boolean replaceMembers(ScimAuth.Authenticated auth, GroupModel group, List<String> wanted) {
        Set<String> wantedIds = new LinkedHashSet<>(wanted);
        Set<String> currentIds = query.members(group).stream().map(ScimGroupQuery.Member::id)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        boolean changed = false;
        for (String userId : currentIds) {
            if (!wantedIds.contains(userId)) {
                changed |= removeMember(auth, group, userId);
            }
        }
        for (String userId : wantedIds) {
            if (!currentIds.contains(userId)) {
                changed |= addMember(auth, group, userId);
            }
        }
        return changed;
    }

    /** An id that names no SCIM user is the client's error (400), never silently skipped. */
    private boolean addMember(ScimAuth.Authenticated auth, GroupModel group, String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null || user.getServiceAccountClientLink() != null || DisabledAttributes.removedByScim(user)) {
            throw ScimException.badRequest(ScimException.INVALID_VALUE, "No user '" + userId + "' to add as a member.");
        }
        checkMembershipPermission(auth, group, user);
        if (query.isMember(group, user.getId())) {
            return false;
        }
        user.joinGroup(group);
        membershipEvent(auth, OperationType.CREATE, group, user);
        return true;
    }

    /** Removing a user that is not a member (or no longer exists) changes nothing, as RFC 7644 §3.5.2.2 allows. */
    private boolean removeMember(ScimAuth.Authenticated auth, GroupModel group, String userId) {
        if (!query.isMember(group, userId)) {
            return false;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return false;
        }
        checkMembershipPermission(auth, group, user);
        user.leaveGroup(group);
        membershipEvent(auth, OperationType.DELETE, group, user);
        return true;
    }

    private static void checkMembershipPermission(ScimAuth.Authenticated auth, GroupModel group, UserModel user) {
        if (!auth.permissions().groups().canManageMembership(group)
                || !auth.permissions().users().canManageGroupMembership(user)) {
            throw ScimHttp.forbidden(MANAGE);
        }
    }

    private void membershipEvent(ScimAuth.Authenticated auth, OperationType operation, GroupModel group,
                                 UserModel user) {
        ScimHttp.adminEvent(session, realm, auth).operation(operation).resource(ResourceType.GROUP_MEMBERSHIP)
                .resourcePath("users", user.getId(), "groups", group.getId()).success();
        LOG.infof("SCIM %s user %s %s group %s in realm %s", operation == OperationType.CREATE ? "added" : "removed",
                user.getId(), operation == OperationType.CREATE ? "to" : "from", group.getId(), realm.getName());
    }

    /** Keycloak keeps sibling names unique; for SCIM that is a {@code uniqueness} conflict, not a 500. */
    private void checkNameFree(String displayName, String ownId) {
        GroupModel existing = session.groups().getGroupByName(realm, null, displayName);
        if (existing != null && !existing.getId().equals(ownId)) {
            throw nameTaken(displayName);
        }
    }

    private static ScimException nameTaken(String displayName) {
        return new ScimException(409, ScimUserStore.UNIQUENESS, "A group named '" + displayName + "' exists.");
    }

    private static ScimProjection projection(String attributes, String excludedAttributes) {
        return ScimProjection.of(attributes, excludedAttributes, ScimGroupJson.SCHEMA,
                Set.of("displayName", "externalId", "members", "meta"));
    }

    private ObjectNode render(GroupModel group, boolean withMembers) {
        return ScimGroupJson.render(group, withMembers ? query.members(group) : null,
                ScimHttp.baseUrl(session, realm));
    }

    private String location(GroupModel group) {
        return ScimHttp.baseUrl(session, realm) + "/Groups/" + group.getId();
    }
}
