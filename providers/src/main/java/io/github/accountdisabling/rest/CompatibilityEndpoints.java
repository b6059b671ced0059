package io.github.accountdisabling.rest;

import io.github.accountdisabling.service.Transition;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.UserModel;

/**
 * The calls that keep clients written for sFOX and Mendix working: same permissions, same deactivation service as
 * the admin API, but their own request and answer shapes.
 */
final class CompatibilityEndpoints {

    static final String ACCOUNT_NOT_FOUND_MESSAGE = "The account does not exist to be disabled.";

    private CompatibilityEndpoints() {
    }

    /** {@code DELETE /accounts/{id}}: 200 with an empty body; its two documented refusals carry sFOX's exact texts. */
    static final class Sfox {

        private final AccountDisablingAdminResource api;

        Sfox(AccountDisablingAdminResource api) {
            this.api = api;
        }

        @DELETE
        @Path("{id}")
        public Response deleteAccount(@PathParam("id") String id) {
            // sFOX's texts for its refusals, the unknown account's included: RefusalMapper
            UserModel found = api.user(id).manageable();
            api.service().apply(api.realm(), found, Transition.deactivate(api.caller(), ""), api.adminEvent());
            // Keycloak's security-headers filter refuses a response without a media type, even an empty one.
            return Response.ok().type(MediaType.APPLICATION_JSON_TYPE).build();
        }
    }

    /** {@code PATCH /platform-users/{id}}: sets the wanted state; the state the user already has changes nothing. */
    static final class Mendix {

        private final AccountDisablingAdminResource api;

        Mendix(AccountDisablingAdminResource api) {
            this.api = api;
        }

        @PATCH
        @Path("{id}")
        @Consumes(MediaType.WILDCARD)
        @Produces(MediaType.APPLICATION_JSON)
        public Response patchPlatformUser(@PathParam("id") String id, String body) {
            UserModel user = api.user(id).manageable();
            api.service().apply(api.realm(), user, Transition.setActive(RequestBodies.active(body), api.caller(), ""),
                    api.adminEvent());
            return Response.ok(AccountDisablingAdminResource.stateJson(
                    api.session().users().getUserById(api.realm(), user.getId()))).build();
        }
    }
}
