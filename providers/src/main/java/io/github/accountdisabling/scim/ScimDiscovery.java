package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** ServiceProviderConfig, Schemas and ResourceTypes (RFC 7643 §5–7) describing exactly what this endpoint does. */
final class ScimDiscovery {

    static final String SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    static final String SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    static final String RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ScimDiscovery() {
    }

    static ObjectNode serviceProviderConfig(String baseUrl, int maxPayloadBytes, int maxResults) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(SPC_SCHEMA);
        json.putObject("patch").put("supported", true);
        ObjectNode bulk = json.putObject("bulk");
        bulk.put("supported", false);
        bulk.put("maxOperations", 0);
        bulk.put("maxPayloadSize", maxPayloadBytes);
        ObjectNode filter = json.putObject("filter");
        filter.put("supported", true);
        filter.put("maxResults", maxResults);
        json.putObject("changePassword").put("supported", true);
        json.putObject("sort").put("supported", true);
        json.putObject("etag").put("supported", true);
        ObjectNode scheme = json.putArray("authenticationSchemes").addObject();
        scheme.put("type", "oauthbearertoken");
        scheme.put("name", "OAuth Bearer Token");
        scheme.put("description", "An access token of this realm or of master; view-users to read, manage-users to change.");
        scheme.put("primary", true);
        json.set("meta", meta("ServiceProviderConfig", baseUrl + "/ServiceProviderConfig"));
        return json;
    }

    static ObjectNode userSchema(String baseUrl) {
        ObjectNode schema = schema(ScimJson.CORE_USER_SCHEMA, "User", "User Account", baseUrl);
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute("id", "string", "readOnly", "always", true).put("caseExact", true));
        attributes.add(attribute("externalId", "string", "readWrite", "default", false).put("caseExact", true));
        attributes.add(attribute("userName", "string", "readWrite", "default", true));
        ObjectNode name = attribute("name", "complex", "readWrite", "default", false);
        ArrayNode nameParts = name.putArray("subAttributes");
        nameParts.add(attribute("formatted", "string", "readWrite", "default", false)
                .put("description", "As sent; without one, given and family name."));
        nameParts.add(attribute("familyName", "string", "readWrite", "default", false));
        nameParts.add(attribute("givenName", "string", "readWrite", "default", false));
        nameParts.add(attribute("middleName", "string", "readWrite", "default", false));
        nameParts.add(attribute("honorificPrefix", "string", "readWrite", "default", false));
        nameParts.add(attribute("honorificSuffix", "string", "readWrite", "default", false));
        attributes.add(name);
        attributes.add(attribute("displayName", "string", "readWrite", "default", false));
        attributes.add(attribute("nickName", "string", "readWrite", "default", false));
        attributes.add(attribute("profileUrl", "reference", "readWrite", "default", false)
                .set("referenceTypes", JSON.arrayNode().add("external")));
        for (String text : new String[] {"title", "userType", "preferredLanguage", "locale", "timezone"}) {
            attributes.add(attribute(text, "string", "readWrite", "default", false));
        }
        ObjectNode active = attribute("active", "boolean", "readWrite", "default", false);
        active.put("description", "false deactivates the account (sessions and tokens revoked, data kept); true reactivates it.");
        attributes.add(active);
        ObjectNode password = attribute("password", "string", "writeOnly", "never", false);
        password.put("description", "Set through the realm's password policy.");
        attributes.add(password);
        attributes.add(multiValued(ScimMultiValued.EMAILS, "The primary address is Keycloak's e-mail; filters match it."));
        attributes.add(multiValued(ScimMultiValued.PHONE_NUMBERS, "Not filterable."));
        attributes.add(multiValued(ScimMultiValued.ADDRESSES, "Not filterable."));
        ObjectNode groups = attribute("groups", "complex", "readOnly", "request", false);
        groups.put("multiValued", true);
        groups.put("description", "The /Groups the user is a member of; returned when named in 'attributes'.");
        ArrayNode groupParts = groups.putArray("subAttributes");
        groupParts.add(attribute("value", "string", "readOnly", "default", false).put("caseExact", true));
        groupParts.add(attribute("$ref", "reference", "readOnly", "default", false)
                .set("referenceTypes", JSON.arrayNode().add("Group")));
        groupParts.add(attribute("display", "string", "readOnly", "default", false));
        groupParts.add(attribute("type", "string", "readOnly", "default", false));
        attributes.add(groups);
        return schema;
    }

    private static ObjectNode multiValued(ScimMultiValued.Definition definition, String description) {
        ObjectNode json = attribute(definition.name(), "complex", "readWrite", "default", false);
        json.put("multiValued", true);
        json.put("description", description);
        ArrayNode parts = json.putArray("subAttributes");
        definition.texts().forEach(sub -> parts.add(attribute(sub, "string", "readWrite", "default",
                sub.equals("value") && definition.valueRequired())));
        parts.add(attribute(ScimMultiValued.PRIMARY, "boolean", "readWrite", "default", false));
        return json;
    }

    static ObjectNode enterpriseSchema(String baseUrl) {
        ObjectNode schema = schema(ScimPaths.ENTERPRISE_SCHEMA, "EnterpriseUser", "Enterprise User", baseUrl);
        ArrayNode attributes = schema.putArray("attributes");
        for (ScimStoredAttribute stored : ScimStoredAttribute.values()) {
            if (stored.schema == ScimStoredAttribute.Schema.ENTERPRISE && stored.kind == ScimStoredAttribute.Kind.TEXT) {
                attributes.add(attribute(stored.path, "string", "readWrite", "default", false));
            }
        }
        ObjectNode manager = attribute("manager", "complex", "readWrite", "default", false);
        manager.put("description", "The manager's id; the user must exist in the realm.");
        ArrayNode parts = manager.putArray("subAttributes");
        parts.add(attribute("value", "string", "readWrite", "default", false).put("caseExact", true));
        parts.add(attribute("$ref", "reference", "readOnly", "default", false)
                .set("referenceTypes", JSON.arrayNode().add("User")));
        attributes.add(manager);
        return schema;
    }

    static ObjectNode wso2Schema(String baseUrl) {
        ObjectNode schema = schema(ScimJson.WSO2_SCHEMA, "WSO2 extension", "WSO2-compatible account state", baseUrl);
        ObjectNode disabled = attribute("accountDisabled", "boolean", "readWrite", "default", false);
        disabled.put("description", "true deactivates the account; always the opposite of 'active'.");
        schema.putArray("attributes").add(disabled);
        return schema;
    }

    static ObjectNode groupSchema(String baseUrl) {
        ObjectNode schema = schema(ScimGroupJson.SCHEMA, "Group", "Group", baseUrl);
        ArrayNode attributes = schema.putArray("attributes");
        attributes.add(attribute("id", "string", "readOnly", "always", true));
        attributes.add(attribute("externalId", "string", "readWrite", "default", false).put("caseExact", true));
        ObjectNode displayName = attribute("displayName", "string", "readWrite", "default", true);
        displayName.put("description", "The Keycloak group's name, unique among the realm's top-level groups.");
        displayName.put("uniqueness", "server");
        attributes.add(displayName);
        ObjectNode members = attribute("members", "complex", "readWrite", "default", false);
        members.put("multiValued", true);
        members.put("description", "Users of the realm; PATCH adds and removes them one by one.");
        ArrayNode memberParts = members.putArray("subAttributes");
        memberParts.add(attribute("value", "string", "immutable", "default", true));
        memberParts.add(attribute("display", "string", "readOnly", "default", false));
        memberParts.add(attribute("type", "string", "readOnly", "default", false));
        memberParts.add(attribute("$ref", "reference", "readOnly", "default", false));
        attributes.add(members);
        return schema;
    }

    static ObjectNode groupResourceType(String baseUrl) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(RESOURCE_TYPE_SCHEMA);
        json.put("id", "Group");
        json.put("name", "Group");
        json.put("endpoint", "/Groups");
        json.put("description", "The realm's top-level groups");
        json.put("schema", ScimGroupJson.SCHEMA);
        json.putArray("schemaExtensions");
        json.set("meta", meta("ResourceType", baseUrl + "/ResourceTypes/Group"));
        return json;
    }

    static ObjectNode userResourceType(String baseUrl) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(RESOURCE_TYPE_SCHEMA);
        json.put("id", "User");
        json.put("name", "User");
        json.put("endpoint", "/Users");
        json.put("description", "User Account");
        json.put("schema", ScimJson.CORE_USER_SCHEMA);
        ArrayNode extensions = json.putArray("schemaExtensions");
        extensions.addObject().put("schema", ScimPaths.ENTERPRISE_SCHEMA).put("required", false);
        extensions.addObject().put("schema", ScimJson.WSO2_SCHEMA).put("required", false);
        json.set("meta", meta("ResourceType", baseUrl + "/ResourceTypes/User"));
        return json;
    }

    private static ObjectNode schema(String id, String name, String description, String baseUrl) {
        ObjectNode json = JSON.objectNode();
        json.putArray("schemas").add(SCHEMA_SCHEMA);
        json.put("id", id);
        json.put("name", name);
        json.put("description", description);
        json.set("meta", meta("Schema", baseUrl + "/Schemas/" + id));
        return json;
    }

    private static ObjectNode attribute(String name, String type, String mutability, String returned, boolean required) {
        ObjectNode json = JSON.objectNode();
        json.put("name", name);
        json.put("type", type);
        json.put("multiValued", false);
        json.put("required", required);
        json.put("caseExact", false);
        json.put("mutability", mutability);
        json.put("returned", returned);
        json.put("uniqueness", name.equals("id") || name.equals("userName") ? "server" : "none");
        return json;
    }

    private static ObjectNode meta(String resourceType, String location) {
        ObjectNode meta = JSON.objectNode();
        meta.put("resourceType", resourceType);
        meta.put("location", location);
        return meta;
    }
}
