package io.github.accountdisabling.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.accountdisabling.history.HistoryEntry;
import org.keycloak.models.GroupModel;
import org.keycloak.scim.resource.common.Meta;
import org.keycloak.scim.resource.group.Group;
import org.keycloak.scim.resource.group.Member;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import static io.github.accountdisabling.scim.ScimException.INVALID_SYNTAX;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/** Group resources (RFC 7643 §4.2) in Keycloak's own SCIM representation, to and from JSON. */
final class ScimGroupJson {

    static final String SCHEMA = Group.SCHEMA;

    /** A POST or PUT body: {@code memberIds} is empty when the body has no {@code members}. */
    record Draft(String displayName, String externalId, List<String> memberIds) {
    }

    private ScimGroupJson() {
    }

    /**
     * The resource; {@code members} null when the client excluded them, and then without {@code meta.version}, which
     * covers the members.
     */
    static ObjectNode render(GroupModel model, List<ScimGroupQuery.Member> members, String baseUrl) {
        Group group = new Group();
        group.setSchemas(Set.of(SCHEMA));
        group.setId(model.getId());
        group.setExternalId(model.getFirstAttribute(ScimGroupQuery.EXTERNAL_ID_ATTRIBUTE));
        group.setDisplayName(model.getName());
        if (members != null) {
            group.setMembers(members.stream().map(member -> member(member, baseUrl)).toList());
        }
        Meta meta = new Meta();
        meta.setResourceType("Group");
        if (model.getCreatedTimestamp() != null) {
            meta.setCreated(HistoryEntry.iso(model.getCreatedTimestamp()));
        }
        Long lastModified = Objects.requireNonNullElse(model.getLastModifiedTimestamp(), model.getCreatedTimestamp());
        if (lastModified != null) {
            meta.setLastModified(HistoryEntry.iso(lastModified));
        }
        meta.setLocation(baseUrl + "/Groups/" + model.getId());
        group.setMeta(meta);
        ObjectNode json = ScimHttp.MAPPER.valueToTree(group);
        if (members != null) {
            ((ObjectNode) json.get("meta")).put("version", ScimJson.version(json));
        }
        return json;
    }

    private static Member member(ScimGroupQuery.Member member, String baseUrl) {
        Member json = new Member();
        json.setValue(member.id());
        json.setDisplay(member.userName());
        json.setType("User");
        json.setRef(baseUrl + "/Users/" + member.id());
        return json;
    }

    /** Reads a POST or PUT body; {@code id} and {@code meta} are read-only and ignored, as RFC 7644 §3.5.1 says. */
    static Draft read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw badRequest(INVALID_SYNTAX, "The request body must be a JSON object.");
        }
        if (!ScimJson.hasSchema(body, SCHEMA)) {
            throw badRequest(INVALID_SYNTAX, "'schemas' must contain " + SCHEMA + ".");
        }
        Group group;
        try {
            group = ScimHttp.MAPPER.treeToValue(body, Group.class);
        } catch (UnrecognizedPropertyException e) {
            throw badRequest(INVALID_SYNTAX, "'" + e.getPropertyName() + "' is not an attribute of a group member.");
        } catch (JsonProcessingException e) {
            throw badRequest(INVALID_VALUE, "The group does not match its schema: " + e.getOriginalMessage());
        }
        if (group.getExtensions() != null && !group.getExtensions().isEmpty()) {
            throw badRequest(INVALID_SYNTAX, "Not attributes of a Group: " + String.join(", ",
                    group.getExtensions().keySet().stream().sorted().toList()) + ".");
        }
        String displayName = displayName(group.getDisplayName());
        List<String> memberIds = group.getMembers() == null ? List.of()
                : group.getMembers().stream().map(ScimGroupJson::memberId).toList();
        return new Draft(displayName, blankToNull(group.getExternalId()), memberIds);
    }

    static String displayName(String value) {
        if (value == null || value.isBlank()) {
            throw badRequest(INVALID_VALUE, "'displayName' is required.");
        }
        return value.trim();
    }

    private static String memberId(Member member) {
        if (member == null || member.getValue() == null || member.getValue().isBlank()) {
            throw badRequest(INVALID_VALUE, "Each member needs a 'value', the id of a user.");
        }
        return member.getValue();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
