package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.accountdisabling.history.HistoryEntry;
import org.keycloak.models.UserModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The JSON this endpoint speaks: User resources, list responses, errors. */
final class ScimJson {

    static final String CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String WSO2_SCHEMA = "urn:scim:wso2:schema";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
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
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(CORE_USER_SCHEMA).add(WSO2_SCHEMA);
        json.put("id", user.getId());
        putIfPresent(json, "externalId", user.getFirstAttribute(ScimUser.EXTERNAL_ID_ATTRIBUTE));
        json.put("userName", user.getUsername());
        ObjectNode name = json.putObject("name");
        putIfPresent(name, "givenName", user.getFirstName());
        putIfPresent(name, "familyName", user.getLastName());
        String formatted = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).trim();
        if (!formatted.isEmpty()) {
            name.put("formatted", formatted);
        }
        String displayName = user.getFirstAttribute(ScimUser.DISPLAY_NAME_ATTRIBUTE);
        putIfPresent(json, "displayName", displayName != null ? displayName : formatted);
        if (user.getEmail() != null) {
            ArrayNode emails = json.putArray("emails");
            ObjectNode email = emails.addObject();
            email.put("value", user.getEmail());
            email.put("type", "work");
            email.put("primary", true);
        }
        json.put("active", user.isEnabled());
        json.putObject(WSO2_SCHEMA).put("accountDisabled", !user.isEnabled());
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

    static ObjectNode error(int status, String scimType, String detail) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(ERROR_SCHEMA);
        json.put("status", Integer.toString(status));
        if (scimType != null) {
            json.put("scimType", scimType);
        }
        json.put("detail", detail);
        return json;
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
