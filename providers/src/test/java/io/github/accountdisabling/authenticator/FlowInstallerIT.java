package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.List;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /admin/realms/{realm}/account-disabling/flows} on a realm that has only Keycloak's own flows. */
@KeycloakIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowInstallerIT {

    private static TestClient client;
    private static TestRealm realm;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "installer", rep -> {
            rep.setAuthenticationFlows(null);
            rep.setAuthenticatorConfig(null);
            rep.setBrowserFlow(null);
            rep.setDirectGrantFlow(null);
            rep.setFirstBrokerLoginFlow(null);
        });
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    /** Everything a refused call must leave alone: the flows, their steps and the bindings. */
    private static String flowState() {
        RealmRepresentation rep = realm.resource().partialExport(false, false);
        return rep.getBrowserFlow() + "|" + rep.getDirectGrantFlow() + "|" + rep.getAuthenticationFlows().stream()
                .map(flow -> flow.getAlias() + flow.getAuthenticationExecutions().stream()
                        .map(e -> e.getAuthenticator() + "/" + e.getFlowAlias() + "/" + e.getRequirement() + "/" + e.getPriority())
                        .toList())
                .sorted().toList()
                + "|" + rep.getAuthenticatorConfig().stream().map(c -> c.getAlias()).sorted().toList();
    }

    private static Response install(String token, String body) {
        return client.post(realm.api("/flows"), token, body);
    }

    @Test
    @Order(1)
    void refusalsChangeNothing() {
        String before = flowState();

        Response forbidden = install(realm.apiToken(), json(map("bind", true)));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("code").asText()).isEqualTo("forbidden");

        Response notBoolean = install(client.adminToken(), json(map("bind", "yes")));
        assertThat(notBoolean.status()).isEqualTo(400);
        assertThat(notBoolean.json().get("code").asText()).isEqualTo("invalid_field");
        Response unknownField = install(client.adminToken(), json(map("bind", true, "force", true)));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("code").asText()).isEqualTo("unknown_field");
        Response notJson = install(client.adminToken(), "{bind");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("code").asText()).isEqualTo("invalid_json");

        assertThat(flowState()).isEqualTo(before);
    }

    /**
     * Makes a top-level flow of the given steps (all with {@code requirement}), binds it as the browser flow when
     * asked, runs {@code check}, and leaves the realm as it was.
     */
    private static void withFlow(String alias, List<String> steps, String requirement, boolean bindAsBrowser,
                                 Runnable check) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        realm.resource().flows().createFlow(flow).close();
        steps.forEach(step -> realm.resource().flows().addExecution(alias, java.util.Map.of("provider", step)));
        for (AuthenticationExecutionInfoRepresentation step : realm.resource().flows().getExecutions(alias)) {
            step.setRequirement(requirement);
            realm.resource().flows().updateExecutions(alias, step);
        }
        RealmRepresentation rep = realm.resource().toRepresentation();
        String bound = rep.getBrowserFlow();
        if (bindAsBrowser) {
            rep.setBrowserFlow(alias);
            realm.resource().update(rep);
        }
        try {
            check.run();
        } finally {
            rep.setBrowserFlow(bound);
            realm.resource().update(rep);
            realm.resource().flows().getFlows().stream().filter(f -> f.getAlias().equals(alias))
                    .forEach(f -> realm.resource().flows().deleteFlow(f.getId()));
        }
    }

    /** Installs, expects 409 with {@code code} and a message containing {@code says}, and that nothing changed. */
    private static void refusedWith409(String code, String says) {
        String before = flowState();
        Response refused = install(client.adminToken(), json(map("bind", true)));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo(code);
        assertThat(refused.json().get("error").asText()).contains(says);
        assertThat(flowState()).as("nothing changed, not even the browser copy").isEqualTo(before);
    }

    @Test
    @Order(1)
    void aFlowWithoutAFormStepIsRefusedWith409() {
        withFlow("cookie only", List.of("auth-cookie"), "ALTERNATIVE", true,
                () -> refusedWith409(GatedFlows.NO_RECOGNISED_STEP, "cookie only"));
    }

    @Test
    @Order(1)
    void aPasswordStepThatIsNotRequiredIsRefusedWith409() {
        withFlow("password or cookie", List.of("auth-cookie", "auth-password-form"), "ALTERNATIVE", true,
                () -> refusedWith409(GatedFlows.NO_RECOGNISED_STEP, "not Required"));
    }

    @Test
    @Order(1)
    void aTakenAliasIsRefusedWith409() {
        withFlow("direct-grant-gated", List.of(), "REQUIRED", false,
                () -> refusedWith409(GatedFlows.ALIAS_TAKEN, "direct-grant-gated"));
    }

    @Test
    @Order(2)
    void copiesSwapsAndBindsOnceAndASecondCallChangesNothing() {
        Response first = install(client.adminToken(), "");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("browserFlow").asText()).isEqualTo("browser-gated");
        assertThat(first.json().get("directGrantFlow").asText()).isEqualTo("direct-grant-gated");
        assertThat(first.json().get("bound").asBoolean()).isFalse();
        assertThat(realm.resource().toRepresentation().getBrowserFlow()).isEqualTo("browser");
        List<String> gatedForms = realm.resource().flows().getExecutions("browser-gated").stream()
                .map(AuthenticationExecutionInfoRepresentation::getProviderId).toList();
        assertThat(gatedForms).contains(AuthenticatorFactories.USERNAME_PASSWORD_FORM, AuthenticatorFactories.GATE,
                "auth-otp-form", "organization").doesNotContain("auth-username-password-form");

        String afterFirst = flowState();
        Response again = install(client.adminToken(), "");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(flowState()).isEqualTo(afterFirst);

        Response bind = install(client.adminToken(), json(map("bind", true)));
        assertThat(bind.status()).isEqualTo(200);
        assertThat(bind.json().get("bound").asBoolean()).isTrue();
        RealmRepresentation bound = realm.resource().toRepresentation();
        assertThat(bound.getBrowserFlow()).isEqualTo("browser-gated");
        assertThat(bound.getDirectGrantFlow()).isEqualTo("direct-grant-gated");
        String afterBind = flowState();
        assertThat(install(client.adminToken(), json(map("bind", true))).body()).isEqualTo(bind.body());
        assertThat(flowState()).isEqualTo(afterBind);

        // the bound flows work: a direct grant through the gated copy
        realm.createUser("ivo", "ivo-password-1", java.util.Map.of());
        assertThat(realm.password("ivo", "ivo-password-1")).isNotBlank();
    }
}
