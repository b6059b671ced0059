package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.accountdisabling.history.HistoryEntry;
import org.keycloak.models.UserModel;
import org.keycloak.scim.protocol.response.ErrorResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The JSON this endpoint speaks: User resources, list responses, errors. */
final class ScimJson {

    static final String CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String WSO2_SCHEMA = "urn:scim:wso2:schema";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String ERROR_SCHEMA = ErrorResponse.SCHEMA;
    static final String MEDIA_TYPE = "application/scim+json";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ScimJson() {
    }

    static boolean hasSchema(JsonNode body, String schema) {
        JsonNode schemas = body.get("schemas");
        if (schemas == null || !schemas.isArray()) {
            return false;
        }
        for (JsonNode entry : schemas) {
            if (entry.isTextual() && entry.textValue().equalsIgnoreCase(schema)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode user(UserModel user, String location) {
        ScimUser data = ScimUser.of(user);
        ObjectNode json = JSON.objectNode();
        ArrayNode schemas = json.putArray("schemas").add(CORE_USER_SCHEMA).add(WSO2_SCHEMA);
        json.put("id", user.getId());
        putIfPresent(json, "externalId", data.externalId());
        json.put("userName", user.getUsername());
        ObjectNode name = json.putObject("name");
        String formatted = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).trim();
        String storedFormatted = data.first(ScimStoredAttribute.FORMATTED_NAME);
        putIfPresent(name, "givenName", user.getFirstName());
        putIfPresent(name, "familyName", user.getLastName());
        putIfPresent(name, "formatted", storedFormatted != null ? storedFormatted : formatted);
        putStored(name, data, ScimStoredAttribute.MIDDLE_NAME, "middleName");
        putStored(name, data, ScimStoredAttribute.HONORIFIC_PREFIX, "honorificPrefix");
        putStored(name, data, ScimStoredAttribute.HONORIFIC_SUFFIX, "honorificSuffix");
        putIfPresent(json, "displayName", data.displayName() != null ? data.displayName() : formatted);
        for (ScimStoredAttribute attribute : ScimStoredAttribute.values()) {
            if (attribute.schema == ScimStoredAttribute.Schema.CORE && attribute.kind == ScimStoredAttribute.Kind.TEXT
                    && !attribute.path.startsWith("name.")) {
                putStored(json, data, attribute, attribute.path);
            }
        }
        putValues(json, "emails", data.emails());
        putValues(json, "phoneNumbers", data.values(ScimStoredAttribute.PHONE_NUMBERS));
        putValues(json, "addresses", data.values(ScimStoredAttribute.ADDRESSES));
        json.put("active", user.isEnabled());
        json.putObject(WSO2_SCHEMA).put("accountDisabled", !user.isEnabled());
        ObjectNode enterprise = enterprise(data, location);
        if (!enterprise.isEmpty()) {
            schemas.add(ScimPaths.ENTERPRISE_SCHEMA);
            json.set(ScimPaths.ENTERPRISE_SCHEMA, enterprise);
        }
        ObjectNode meta = json.putObject("meta");
        meta.put("resourceType", "User");
        if (user.getCreatedTimestamp() != null) {
            meta.put("created", HistoryEntry.iso(user.getCreatedTimestamp()));
        }
        Long lastModified = user.getLastModifiedTimestamp() != null ? user.getLastModifiedTimestamp()
                : user.getCreatedTimestamp();
        if (lastModified != null) {
            meta.put("lastModified", HistoryEntry.iso(lastModified));
        }
        meta.put("location", location);
        meta.put("version", version(json));
        return json;
    }

    /** {@code manager.$ref} is the manager's own location, beside the user's. */
    private static ObjectNode enterprise(ScimUser data, String location) {
        ObjectNode enterprise = JSON.objectNode();
        for (ScimStoredAttribute attribute : ScimStoredAttribute.values()) {
            if (attribute.schema == ScimStoredAttribute.Schema.ENTERPRISE && attribute.kind == ScimStoredAttribute.Kind.TEXT) {
                putStored(enterprise, data, attribute, attribute.path);
            }
        }
        String manager = data.first(ScimStoredAttribute.MANAGER);
        if (manager != null) {
            ObjectNode reference = enterprise.putObject("manager");
            reference.put("value", manager);
            reference.put("$ref", location.substring(0, location.lastIndexOf('/') + 1) + manager);
        }
        return enterprise;
    }

    /**
     * The user's SCIM groups (the realm's top-level groups it is a direct member of), for
     * {@code attributes=groups}: the attribute is returned on request only, since it costs a query per user.
     */
    static void putGroups(ObjectNode json, UserModel user, String baseUrl) {
        ArrayNode groups = JSON.arrayNode();
        user.getGroupsStream().filter(ScimGroupQuery::isScimGroup).forEach(group -> {
            ObjectNode membership = groups.addObject();
            membership.put("value", group.getId());
            membership.put("$ref", baseUrl + "/Groups/" + group.getId());
            membership.put("display", group.getName());
            membership.put("type", "direct");
        });
        ObjectNode meta = (ObjectNode) json.remove("meta");
        json.set("groups", groups);
        if (meta != null) {
            json.set("meta", meta);
        }
    }

    private static void putStored(ObjectNode node, ScimUser data, ScimStoredAttribute attribute, String field) {
        putIfPresent(node, field, data.first(attribute));
    }

    private static void putValues(ObjectNode node, String field, List<ObjectNode> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    /** A weak ETag over everything the resource shows, so any visible change gives a new version. */
    static String version(ObjectNode resource) {
        ObjectNode copy = resource.deepCopy();
        ((ObjectNode) copy.get("meta")).remove("version");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(copy.toString().getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode list(long totalResults, int startIndex, ArrayNode resources) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(LIST_SCHEMA);
        json.put("totalResults", totalResults);
        json.put("startIndex", startIndex);
        json.put("itemsPerPage", resources.size());
        json.set("Resources", resources);
        return json;
    }

    /** RFC 7644 §3.12's error, in Keycloak's own representation. */
    static ObjectNode error(int status, String scimType, String detail) {
        ErrorResponse error = new ErrorResponse(detail, status);
        error.setScimType(scimType);
        return ScimHttp.MAPPER.valueToTree(error);
    }

    static ArrayNode array() {
        return JSON.arrayNode();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
