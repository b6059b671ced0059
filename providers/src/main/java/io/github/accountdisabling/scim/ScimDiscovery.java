package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.scim.resource.ResourceTypeRepresentation;
import org.keycloak.scim.resource.common.Meta;
import org.keycloak.scim.resource.config.ServiceProviderConfig;
import org.keycloak.scim.resource.config.ServiceProviderConfig.AuthenticationScheme;
import org.keycloak.scim.resource.config.ServiceProviderConfig.BulkSupport;
import org.keycloak.scim.resource.config.ServiceProviderConfig.FilterSupport;
import org.keycloak.scim.resource.config.ServiceProviderConfig.Supported;
import org.keycloak.scim.resource.resourcetype.ResourceType;
import org.keycloak.scim.resource.resourcetype.ResourceType.SchemaExtension;
import org.keycloak.scim.resource.schema.Schema;
import org.keycloak.scim.resource.schema.Schema.Attribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ServiceProviderConfig, Schemas and ResourceTypes (RFC 7643 §5–7) describing exactly what this endpoint does, in
 * Keycloak's own SCIM representations.
 */
final class ScimDiscovery {

    static final String SPC_SCHEMA = ServiceProviderConfig.SCHEMA;
    static final String SCHEMA_SCHEMA = Schema.SCHEMA;
    static final String RESOURCE_TYPE_SCHEMA = ResourceType.SCHEMA;

    private static final String READ_WRITE = "readWrite";
    private static final String READ_ONLY = "readOnly";
    private static final String DEFAULT = "default";

    private ScimDiscovery() {
    }

    /** RFC 7643 §5's {@code primary}, which Keycloak's representation doesn't carry. */
    static final class PrimaryAuthenticationScheme extends AuthenticationScheme {
        public boolean getPrimary() {
            return true;
        }
    }

    static ObjectNode serviceProviderConfig(String baseUrl, int maxPayloadBytes, int maxResults) {
        ServiceProviderConfig config = new ServiceProviderConfig();
        config.setPatch(new Supported(true));
        BulkSupport bulk = new BulkSupport();
        bulk.setSupported(false);
        bulk.setMaxOperations(0);
        bulk.setMaxPayloadSize(maxPayloadBytes);
        config.setBulk(bulk);
        FilterSupport filter = new FilterSupport();
        filter.setSupported(true);
        filter.setMaxResults(maxResults);
        config.setFilter(filter);
        config.setChangePassword(new Supported(true));
        config.setSort(new Supported(true));
        config.setEtag(new Supported(true));
        AuthenticationScheme scheme = new PrimaryAuthenticationScheme();
        scheme.setType("oauthbearertoken");
        scheme.setName("OAuth Bearer Token");
        scheme.setDescription("An access token of this realm or of master; view-users to read, manage-users to change.");
        config.setAuthenticationSchemes(List.of(scheme));
        return json(config, SPC_SCHEMA, "ServiceProviderConfig", baseUrl + "/ServiceProviderConfig");
    }

    static ObjectNode userSchema(String baseUrl) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(caseExact(attribute("id", "string", READ_ONLY, "always", true)));
        attributes.add(caseExact(attribute("externalId", "string", READ_WRITE, DEFAULT, false)));
        attributes.add(attribute("userName", "string", READ_WRITE, DEFAULT, true));
        Attribute formatted = attribute("formatted", "string", READ_WRITE, DEFAULT, false);
        formatted.setDescription("As sent; without one, given and family name.");
        List<Attribute> nameParts = new ArrayList<>(List.of(formatted));
        for (String part : List.of("familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix")) {
            nameParts.add(attribute(part, "string", READ_WRITE, DEFAULT, false));
        }
        attributes.add(complex("name", READ_WRITE, DEFAULT, false, null, nameParts));
        attributes.add(attribute("displayName", "string", READ_WRITE, DEFAULT, false));
        attributes.add(attribute("nickName", "string", READ_WRITE, DEFAULT, false));
        attributes.add(reference(attribute("profileUrl", "reference", READ_WRITE, DEFAULT, false), "external"));
        for (String text : List.of("title", "userType", "preferredLanguage", "locale", "timezone")) {
            attributes.add(attribute(text, "string", READ_WRITE, DEFAULT, false));
        }
        attributes.add(described(attribute("active", "boolean", READ_WRITE, DEFAULT, false),
                "false deactivates the account (sessions and tokens revoked, data kept); true reactivates it."));
        attributes.add(described(attribute("password", "string", "writeOnly", "never", false),
                "Set through the realm's password policy."));
        attributes.add(multiValued(ScimMultiValued.EMAILS, "The primary address is Keycloak's e-mail; filters match it."));
        attributes.add(multiValued(ScimMultiValued.PHONE_NUMBERS, "Not filterable."));
        attributes.add(multiValued(ScimMultiValued.ADDRESSES, "Not filterable."));
        attributes.add(complex("groups", READ_ONLY, "request", true,
                "The /Groups the user is a member of; returned when named in 'attributes'.", List.of(
                        caseExact(attribute("value", "string", READ_ONLY, DEFAULT, false)),
                        reference(attribute("$ref", "reference", READ_ONLY, DEFAULT, false), "Group"),
                        attribute("display", "string", READ_ONLY, DEFAULT, false),
                        attribute("type", "string", READ_ONLY, DEFAULT, false))));
        return schema(ScimJson.CORE_USER_SCHEMA, "User", "User Account", baseUrl, attributes);
    }

    private static Attribute multiValued(ScimMultiValued.Definition definition, String description) {
        List<Attribute> parts = new ArrayList<>();
        definition.texts().forEach(sub -> parts.add(attribute(sub, "string", READ_WRITE, DEFAULT,
                sub.equals("value") && definition.valueRequired())));
        parts.add(attribute(ScimMultiValued.PRIMARY, "boolean", READ_WRITE, DEFAULT, false));
        return complex(definition.name(), READ_WRITE, DEFAULT, true, description, parts);
    }

    static ObjectNode enterpriseSchema(String baseUrl) {
        List<Attribute> attributes = new ArrayList<>();
        for (ScimStoredAttribute stored : ScimStoredAttribute.values()) {
            if (stored.schema == ScimStoredAttribute.Schema.ENTERPRISE && stored.kind == ScimStoredAttribute.Kind.TEXT) {
                attributes.add(attribute(stored.path, "string", READ_WRITE, DEFAULT, false));
            }
        }
        attributes.add(complex("manager", READ_WRITE, DEFAULT, false, "The manager's id; the user must exist in the realm.",
                List.of(caseExact(attribute("value", "string", READ_WRITE, DEFAULT, false)),
                        reference(attribute("$ref", "reference", READ_ONLY, DEFAULT, false), "User"))));
        return schema(ScimPaths.ENTERPRISE_SCHEMA, "EnterpriseUser", "Enterprise User", baseUrl, attributes);
    }

    static ObjectNode wso2Schema(String baseUrl) {
        return schema(ScimJson.WSO2_SCHEMA, "WSO2 extension", "WSO2-compatible account state", baseUrl, List.of(
                described(attribute("accountDisabled", "boolean", READ_WRITE, DEFAULT, false),
                        "true deactivates the account; always the opposite of 'active'.")));
    }

    static ObjectNode groupSchema(String baseUrl) {
        Attribute displayName = described(attribute("displayName", "string", READ_WRITE, DEFAULT, true),
                "The Keycloak group's name, unique among the realm's top-level groups.");
        displayName.setUniqueness("server");
        return schema(ScimGroupJson.SCHEMA, "Group", "Group", baseUrl, List.of(
                attribute("id", "string", READ_ONLY, "always", true),
                caseExact(attribute("externalId", "string", READ_WRITE, DEFAULT, false)),
                displayName,
                complex("members", READ_WRITE, DEFAULT, true, "Users of the realm; PATCH adds and removes them one by one.",
                        List.of(attribute("value", "string", "immutable", DEFAULT, true),
                                attribute("display", "string", READ_ONLY, DEFAULT, false),
                                attribute("type", "string", READ_ONLY, DEFAULT, false),
                                attribute("$ref", "reference", READ_ONLY, DEFAULT, false)))));
    }

    static ObjectNode groupResourceType(String baseUrl) {
        return resourceType("Group", "/Groups", "The realm's top-level groups", ScimGroupJson.SCHEMA, List.of(), baseUrl);
    }

    static ObjectNode userResourceType(String baseUrl) {
        return resourceType("User", "/Users", "User Account", ScimJson.CORE_USER_SCHEMA,
                List.of(extension(ScimPaths.ENTERPRISE_SCHEMA), extension(ScimJson.WSO2_SCHEMA)), baseUrl);
    }

    private static ObjectNode resourceType(String id, String endpoint, String description, String schema,
                                           List<SchemaExtension> extensions, String baseUrl) {
        ResourceType type = new ResourceType();
        type.setId(id);
        type.setName(id);
        type.setEndpoint(endpoint);
        type.setDescription(description);
        type.setSchema(schema);
        type.setSchemaExtensions(extensions);
        return json(type, RESOURCE_TYPE_SCHEMA, "ResourceType", baseUrl + "/ResourceTypes/" + id);
    }

    private static SchemaExtension extension(String schema) {
        SchemaExtension extension = new SchemaExtension();
        extension.setSchema(schema);
        extension.setRequired(false);
        return extension;
    }

    private static ObjectNode schema(String id, String name, String description, String baseUrl, List<Attribute> attributes) {
        Schema schema = new Schema();
        schema.setId(id);
        schema.setName(name);
        schema.setDescription(description);
        schema.setAttributes(attributes);
        return json(schema, SCHEMA_SCHEMA, "Schema", baseUrl + "/Schemas/" + id);
    }

    private static ObjectNode json(ResourceTypeRepresentation resource, String schema, String resourceType, String location) {
        resource.setSchemas(Set.of(schema));
        Meta meta = new Meta();
        meta.setResourceType(resourceType);
        meta.setLocation(location);
        resource.setMeta(meta);
        return ScimHttp.MAPPER.valueToTree(resource);
    }

    private static Attribute attribute(String name, String type, String mutability, String returned, boolean required) {
        Attribute attribute = new Attribute();
        attribute.setName(name);
        attribute.setType(type);
        attribute.setMultiValued(false);
        attribute.setRequired(required);
        attribute.setCaseExact(false);
        attribute.setMutability(mutability);
        attribute.setReturned(returned);
        attribute.setUniqueness(name.equals("id") || name.equals("userName") ? "server" : "none");
        return attribute;
    }

    private static Attribute complex(String name, String mutability, String returned, boolean multiValued,
                                     String description, List<Attribute> subAttributes) {
        Attribute attribute = attribute(name, "complex", mutability, returned, false);
        attribute.setMultiValued(multiValued);
        attribute.setDescription(description);
        attribute.setSubAttributes(subAttributes);
        return attribute;
    }

    private static Attribute caseExact(Attribute attribute) {
        attribute.setCaseExact(true);
        return attribute;
    }

    private static Attribute described(Attribute attribute, String description) {
        attribute.setDescription(description);
        return attribute;
    }

    private static Attribute reference(Attribute attribute, String referenceType) {
        attribute.setReferenceTypes(List.of(referenceType));
        return attribute;
    }
}
