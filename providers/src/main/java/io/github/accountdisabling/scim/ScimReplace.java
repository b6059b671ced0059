package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Set;

import static io.github.accountdisabling.scim.ScimException.INVALID_SYNTAX;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * Reads a POST or PUT body: a whole User. What it leaves out is absent afterwards (PUT replaces), except the
 * state and the password, which stay as they are unless the body names them.
 */
final class ScimReplace {

    private static final Set<String> READ_HERE = Set.of("active", ScimJson.WSO2_SCHEMA.toLowerCase(Locale.ROOT));

    private ScimReplace() {
    }

    /** @param currentlyActive the user's state for a PUT, {@code null} for a POST (a new user starts active) */
    static ScimUser from(JsonNode body, Boolean currentlyActive) {
        if (body == null || !body.isObject()) {
            throw badRequest(INVALID_SYNTAX, "The request body must be a User resource object.");
        }
        if (!ScimJson.hasSchema(body, ScimJson.CORE_USER_SCHEMA)) {
            throw badRequest(INVALID_SYNTAX, "'schemas' must contain " + ScimJson.CORE_USER_SCHEMA + ".");
        }
        ScimUser user = ScimPaths.setAll(ScimUser.empty(), body, READ_HERE);
        if (user.userName() == null) {
            throw badRequest(INVALID_VALUE, "'userName' is required.");
        }
        Boolean active = wantedActive(body, currentlyActive == null ? Boolean.TRUE : currentlyActive);
        return user.withActive(active == null && currentlyActive == null ? Boolean.TRUE : active);
    }

    /**
     * A client unaware of the WSO2 extension sends back the {@code accountDisabled} it read along with a new
     * {@code active}, and the other way round; so when the two disagree, the one that differs from the current
     * state is the change the client means.
     */
    private static Boolean wantedActive(JsonNode body, boolean currentlyActive) {
        Boolean active = null;
        JsonNode activeNode = body.get("active");
        if (activeNode != null && !activeNode.isNull()) {
            active = ScimPatch.bool(activeNode, "active");
        }
        JsonNode extension = body.get(ScimJson.WSO2_SCHEMA);
        if (extension != null && !extension.isNull()) {
            if (!extension.isObject()) {
                throw badRequest(INVALID_VALUE, "'" + ScimJson.WSO2_SCHEMA + "' must be an object.");
            }
            JsonNode disabled = extension.get("accountDisabled");
            if (disabled != null && !disabled.isNull()) {
                boolean fromExtension = !ScimPatch.bool(disabled, ScimJson.WSO2_SCHEMA + ":accountDisabled");
                if (active == null || active == currentlyActive) {
                    active = fromExtension;
                }
            }
        }
        return active;
    }
}
