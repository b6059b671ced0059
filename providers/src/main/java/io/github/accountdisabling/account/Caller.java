package io.github.accountdisabling.account;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * Who asks for a change and through which entry point.
 *
 * @param actor        what the history and the {@code accountDisabledBy*} attributes record
 * @param userId       the calling user's id, {@code null} when none (used by the self-deactivation guard)
 * @param clientId     the client the caller's token was issued to
 * @param rateLimitKey the caller's client by its internal id, unique across realms: two realms' {@code admin-cli}
 *                     are two callers; {@code null} for the server's own changes (workflows), which are not limited
 * @param source       {@code admin-api}, {@code scim}, {@code console}, …
 */
public record Caller(Actor actor, String userId, String clientId, String rateLimitKey, String source) {

    /** The caller Keycloak authenticated for an admin request; a service account acts under its client id. */
    public static Caller of(AdminAuth auth, String source) {
        UserModel user = auth.getUser();
        ClientModel client = auth.getClient();
        String clientId = client == null ? null : client.getClientId();
        Actor actor = user.getServiceAccountClientLink() != null && clientId != null
                ? Actor.named(clientId)
                : new Actor(user.getId(), user.getUsername());
        String rateLimitKey = client == null ? "user:" + user.getId() : client.getId();
        return new Caller(actor, user.getId(), clientId, rateLimitKey, source);
    }

    public static final String SOURCE_ADMIN_API = "admin-api";
    public static final String SOURCE_SCIM = "scim";
    public static final String SOURCE_CONSOLE = "console";
    public static final String SOURCE_LOCKOUT = "lockout";
    public static final String SOURCE_WORKFLOW = "workflow";
    /** A mismatch between Keycloak's flag and the record, found and closed by the reconciler (a crash in between). */
    public static final String SOURCE_RECONCILED = "reconciled";
}
