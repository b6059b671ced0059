package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

import static io.github.accountdisabling.scim.ScimException.INVALID_SYNTAX;
import static io.github.accountdisabling.scim.ScimException.INVALID_VALUE;
import static io.github.accountdisabling.scim.ScimException.badRequest;

/**
 * Reads a PUT (replace) body. Only the account state is writable here; the read-only attributes a client sends
 * back are ignored, as RFC 7644 §3.5.1 asks.
 */
final class ScimReplace {

    private ScimReplace() {
    }

    /**
     * A client unaware of the WSO2 extension sends back the {@code accountDisabled} it read along with a new
     * {@code active}, and the other way round; so when the two disagree, the one that differs from the current
     * state is the change the client means.
     */
    static Optional<Boolean> wantedActive(JsonNode body, boolean currentlyActive) {
        if (body == null || !body.isObject()) {
            throw badRequest(INVALID_SYNTAX, "The request body must be a User resource object.");
        }
        if (!ScimJson.hasSchema(body, ScimJson.CORE_USER_SCHEMA)) {
            throw badRequest(INVALID_SYNTAX, "'schemas' must contain " + ScimJson.CORE_USER_SCHEMA + ".");
        }
        Optional<Boolean> active = Optional.empty();
        JsonNode activeNode = body.get("active");
        if (activeNode != null && !activeNode.isNull()) {
            active = Optional.of(ScimPatch.bool(activeNode, "active"));
        }
        JsonNode extension = body.get(ScimJson.WSO2_SCHEMA);
        if (extension != null && !extension.isNull()) {
            if (!extension.isObject()) {
                throw badRequest(INVALID_VALUE, "'" + ScimJson.WSO2_SCHEMA + "' must be an object.");
            }
            JsonNode disabled = extension.get("accountDisabled");
            if (disabled != null && !disabled.isNull()) {
                boolean fromExtension = !ScimPatch.bool(disabled, ScimJson.WSO2_SCHEMA + ":accountDisabled");
                if (active.isEmpty() || active.get() == currentlyActive) {
                    active = Optional.of(fromExtension);
                }
            }
        }
        return active;
    }
}
