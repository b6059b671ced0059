package io.github.accountdisabling.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.github.accountdisabling.scim.ScimFilterTree.Operator;
import org.keycloak.scim.filter.ScimFilterParser;
import org.keycloak.scim.resource.group.Member;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.github.accountdisabling.scim.ScimException.INVALID_PATH;
import static io.github.accountdisabling.scim.ScimException.INVALID_SYNTAX;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.MUTABILITY;
import static io.github.accountdisabling.scim.ScimException.NO_TARGET;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * A PatchOp on a Group (RFC 7644 §3.5.2) as the steps it asks for, in the shapes Entra ID and Okta send: value arrays
 * on {@code members}, {@code members[value eq "…"]} paths (parsed by Keycloak's SCIM filter grammar), path-less
 * {@code add}/{@code replace} of an object, {@code displayName} and {@code externalId}. The whole body is read before
 * anything is written, so a bad operation anywhere changes nothing; steps name member ids only, so applying them costs
 * what the members named cost, not what the group holds.
 */
final class ScimGroupPatch {

    sealed interface Step permits Rename, SetExternalId, AddMembers, RemoveMembers, ReplaceMembers {
    }

    record Rename(String displayName) implements Step {
    }

    /** {@code externalId} null removes it. */
    record SetExternalId(String externalId) implements Step {
    }

    record AddMembers(List<String> userIds) implements Step {
    }

    record RemoveMembers(List<String> userIds) implements Step {
    }

    /** The members become exactly these. */
    record ReplaceMembers(List<String> userIds) implements Step {
    }

    private ScimGroupPatch() {
    }

    static List<Step> steps(JsonNode body, String groupId) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode operation : ScimPatch.operations(body)) {
            steps.addAll(operation(operation, groupId));
        }
        return steps;
    }

    private static List<Step> operation(JsonNode operation, String groupId) {
        if (!operation.isObject() || !operation.path("op").isTextual()) {
            throw badRequest(INVALID_SYNTAX, "Each operation needs an 'op'.");
        }
        String op = operation.get("op").textValue().toLowerCase(Locale.ROOT);
        JsonNode explicitValue = operation.get("value");
        if (op.equals("replace") && operation.path("path").isTextual() && explicitValue != null
                && explicitValue.isNull()) {
            // RFC 7643 §2.5: null is the same state as unassigned, so replacing with null removes.
            op = "remove";
        }
        if (!op.equals("add") && !op.equals("replace") && !op.equals("remove")) {
            throw badRequest(INVALID_SYNTAX, "Unknown op '" + operation.get("op").textValue()
                    + "'; use add, replace or remove.");
        }
        JsonNode pathNode = operation.get("path");
        if (pathNode != null && !pathNode.isNull() && !pathNode.isTextual()) {
            throw badRequest(INVALID_PATH, "'path' must be a string.");
        }
        String path = pathNode == null || pathNode.isNull() ? "" : pathNode.textValue().trim();
        JsonNode value = operation.get("value");
        boolean hasValue = value != null && !value.isNull();
        if (path.isEmpty()) {
            if (op.equals("remove")) {
                throw badRequest(NO_TARGET, "'remove' needs a 'path'.");
            }
            if (!hasValue || !value.isObject()) {
                throw badRequest(INVALID_VALUE, "'" + op + "' without a 'path' needs an object 'value'.");
            }
            return pathless(op, value, groupId);
        }
        if (path.contains("[")) {
            if (!op.equals("remove")) {
                throw badRequest(INVALID_PATH, "'" + op + "' of '" + path + "': add or replace members through the "
                        + "path 'members' with a list of values.");
            }
            return List.of(new RemoveMembers(filteredMembers(path)));
        }
        if (!op.equals("remove") && !hasValue) {
            throw badRequest(INVALID_VALUE, "'" + op + "' needs a 'value'.");
        }
        return List.of(attribute(op, path, hasValue ? value : null, groupId));
    }

    private static List<Step> pathless(String op, JsonNode value, String groupId) {
        List<Step> steps = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase("schemas")) {
                continue;
            }
            if (field.getKey().equalsIgnoreCase("id")) {
                // Okta repeats the group's id in a path-less replace; only a different id is a change.
                if (!field.getValue().isTextual() || !field.getValue().textValue().equals(groupId)) {
                    throw badRequest(MUTABILITY, "'id' is read-only.");
                }
                continue;
            }
            steps.add(attribute(op, field.getKey(), field.getValue(), groupId));
        }
        return steps;
    }

    /** {@code value} null only for {@code remove}. */
    private static Step attribute(String op, String path, JsonNode value, String groupId) {
        String lower = path.toLowerCase(Locale.ROOT);
        String prefix = ScimGroupJson.SCHEMA.toLowerCase(Locale.ROOT) + ":";
        String attribute = lower.startsWith(prefix) ? lower.substring(prefix.length()) : lower;
        boolean remove = op.equals("remove");
        switch (attribute) {
            case "displayname" -> {
                if (remove) {
                    throw badRequest(MUTABILITY, "'displayName' is required and can't be removed.");
                }
                return new Rename(ScimGroupJson.displayName(text(value, path)));
            }
            case "externalid" -> {
                return new SetExternalId(remove ? null : ScimGroupJson.blankToNull(text(value, path)));
            }
            case "members" -> {
                if (remove) {
                    return value == null ? new ReplaceMembers(List.of()) : new RemoveMembers(memberIds(value, path));
                }
                List<String> ids = memberIds(value, path);
                return op.equals("add") ? new AddMembers(ids) : new ReplaceMembers(ids);
            }
            case "id", "meta", "schemas" -> throw badRequest(MUTABILITY, "'" + path + "' is read-only.");
            default -> {
                if (attribute.startsWith("meta.")) {
                    throw badRequest(MUTABILITY, "'" + path + "' is read-only.");
                }
                throw badRequest(INVALID_PATH, "Unknown attribute path '" + path + "'; a Group has displayName, "
                        + "externalId and members.");
            }
        }
    }

    private static String text(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw badRequest(INVALID_VALUE, "'" + path + "' must be a string.");
        }
        return value.textValue();
    }

    /** A list of members, or one member object, each with the user's id as {@code value}. */
    private static List<String> memberIds(JsonNode value, String path) {
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : value.isArray() ? value : List.of(value)) {
            Member member;
            try {
                member = ScimHttp.MAPPER.treeToValue(entry, Member.class);
            } catch (UnrecognizedPropertyException e) {
                throw badRequest(INVALID_SYNTAX, "'" + e.getPropertyName() + "' is not an attribute of a group member.");
            } catch (JsonProcessingException e) {
                throw badRequest(INVALID_VALUE, "'" + path + "' takes members such as {\"value\": \"<user id>\"}.");
            }
            if (member == null || member.getValue() == null || member.getValue().isBlank()) {
                throw badRequest(INVALID_VALUE, "Each member of '" + path + "' needs a 'value', the id of a user.");
            }
            ids.add(member.getValue());
        }
        return ids;
    }

    /** {@code members[value eq "a" or value eq "b"]}: the ids it names. */
    private static List<String> filteredMembers(String path) {
        try {
            return ScimFilterTree.walk(ScimFilterTree.parse(path), new MemberIds(false, path));
        } catch (ScimException e) {
            throw INVALID_PATH.equals(e.scimType()) ? e : badRequest(INVALID_PATH, "'" + path + "' is not a valid path.");
        }
    }

    /** Accepts only {@code members[value eq "…" or …]}. */
    private record MemberIds(boolean inMembers, String path) implements ScimFilterTree.Builder<List<String>> {

        @Override
        public List<String> and(List<String> left, List<String> right) {
            throw unsupported();
        }

        @Override
        public List<String> or(List<String> left, List<String> right) {
            if (!inMembers) {
                throw unsupported();
            }
            List<String> both = new ArrayList<>(left);
            both.addAll(right);
            return both;
        }

        @Override
        public List<String> not(List<String> inner) {
            throw unsupported();
        }

        @Override
        public List<String> valuePath(String parent, ScimFilterParser.ExpressionContext inner) {
            if (inMembers || !parent.equalsIgnoreCase("members")) {
                throw unsupported();
            }
            return ScimFilterTree.walk(inner, new MemberIds(true, path));
        }

        @Override
        public List<String> present(String attribute) {
            throw unsupported();
        }

        @Override
        public List<String> compare(String attribute, Operator operator, ScimFilterParser.CompValueContext value) {
            if (!inMembers || operator != Operator.EQ || !attribute.equalsIgnoreCase("value")) {
                throw unsupported();
            }
            return List.of(ScimFilterTree.text(attribute, value));
        }

        private ScimException unsupported() {
            return badRequest(INVALID_PATH, "'" + path + "': a member path is members[value eq \"<user id>\"], "
                    + "several joined by 'or'.");
        }
    }
}
