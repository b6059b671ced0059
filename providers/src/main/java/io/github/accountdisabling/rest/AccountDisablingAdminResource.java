package io.github.accountdisabling.rest;

import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.config.InvalidSettingsException;
import io.github.accountdisabling.config.SettingsParser;
import io.github.accountdisabling.config.SettingsService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/account-disabling}. Keycloak has already authenticated the caller
 * (401 without a token); every method checks the caller's admin permissions before anything else.
 */
public final class AccountDisablingAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AccountDisablingAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                  AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.REALM);
    }

    @GET
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getConfig() {
        // Operators of relying apps hold view-users, not view-realm, and still need to know whether the API is on.
        if (!auth.realm().canViewRealm() && !auth.users().canView()) {
            return ApiError.forbidden("view-users");
        }
        return Response.ok(toJson(SettingsService.read(realm))).build();
    }

    @PUT
    @Path("config")
    @Consumes(MediaType.WILDCARD)
    public Response putConfig(String body) {
        if (!auth.realm().canManageRealm()) {
            return ApiError.forbidden("manage-realm");
        }
        AccountDisablingSettings updated;
        try {
            updated = SettingsParser.parseJson(body, SettingsService.read(realm));
        } catch (InvalidSettingsException e) {
            return ApiError.of(Response.Status.BAD_REQUEST, e.code(), e.getMessage());
        }
        SettingsService.write(session, realm, updated);
        adminEvent.operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri())
                .representation(toJson(updated))
                .success();
        return Response.noContent().build();
    }

    static Map<String, Object> toJson(AccountDisablingSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(SettingsParser.FIELD_ENABLED, settings.enabled());
        json.put(SettingsParser.FIELD_RATE_LIMIT, settings.rateLimitPerMinute());
        return json;
    }
}
