package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.List;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /admin/realms/{realm}/account-disabling/flows} on a realm that has only Keycloak's own flows. */
@KeycloakIntegrationTest
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

    @Test
    void aFlowWithoutAFormStepIsRefusedWith409() {
        AuthenticationFlowRepresentation cookieOnly = new AuthenticationFlowRepresentation();
        cookieOnly.setAlias("cookie only");
        cookieOnly.setProviderId("basic-flow");
        cookieOnly.setTopLevel(true);
        realm.resource().flows().createFlow(cookieOnly).close();
        realm.resource().flows().addExecution("cookie only", java.util.Map.of("provider", "auth-cookie"));
        RealmRepresentation rep = realm.resource().toRepresentation();
        rep.setBrowserFlow("cookie only");
        realm.resource().update(rep);
        try {
            String before = flowState();
            Response refused = install(client.adminToken(), json(map("bind", true)));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().get("code").asText()).isEqualTo(GatedFlows.NO_RECOGNISED_STEP);
            assertThat(refused.json().get("error").asText()).contains("cookie only");
            assertThat(flowState()).isEqualTo(before);
        } finally {
            rep.setBrowserFlow("browser");
            realm.resource().update(rep);
            realm.resource().flows().getFlows().stream().filter(f -> f.getAlias().equals("cookie only"))
                    .forEach(f -> realm.resource().flows().deleteFlow(f.getId()));
        }
    }

    @Test
    void aPasswordStepThatIsNotRequiredIsRefusedWith409() {
        AuthenticationFlowRepresentation alternatives = new AuthenticationFlowRepresentation();
        alternatives.setAlias("password or cookie");
        alternatives.setProviderId("basic-flow");
        alternatives.setTopLevel(true);
        realm.resource().flows().createFlow(alternatives).close();
        realm.resource().flows().addExecution("password or cookie", java.util.Map.of("provider", "auth-cookie"));
        realm.resource().flows().addExecution("password or cookie", java.util.Map.of("provider", "auth-password-form"));
        for (AuthenticationExecutionInfoRepresentation step : realm.resource().flows().getExecutions("password or cookie")) {
            step.setRequirement("ALTERNATIVE");
            realm.resource().flows().updateExecutions("password or cookie", step);
        }
        RealmRepresentation rep = realm.resource().toRepresentation();
        rep.setBrowserFlow("password or cookie");
        realm.resource().update(rep);
        try {
            String before = flowState();
            Response refused = install(client.adminToken(), json(map("bind", true)));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().get("code").asText()).isEqualTo(GatedFlows.NO_RECOGNISED_STEP);
            assertThat(refused.json().get("error").asText()).contains("not Required");
            assertThat(flowState()).isEqualTo(before);
        } finally {
            rep.setBrowserFlow("browser");
            realm.resource().update(rep);
            realm.resource().flows().getFlows().stream().filter(f -> f.getAlias().equals("password or cookie"))
                    .forEach(f -> realm.resource().flows().deleteFlow(f.getId()));
        }
    }

    @Test
    void aTakenAliasIsRefusedWith409() {
        AuthenticationFlowRepresentation squatter = new AuthenticationFlowRepresentation();
        squatter.setAlias("direct-grant-gated");
        squatter.setProviderId("basic-flow");
        squatter.setTopLevel(true);
        realm.resource().flows().createFlow(squatter).close();
        try {
            String before = flowState();
            Response refused = install(client.adminToken(), "");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.json().get("code").asText()).isEqualTo(GatedFlows.ALIAS_TAKEN);
            assertThat(flowState()).as("not even the browser copy was made").isEqualTo(before);
        } finally {
            realm.resource().flows().getFlows().stream().filter(f -> f.getAlias().equals("direct-grant-gated"))
                    .forEach(f -> realm.resource().flows().deleteFlow(f.getId()));
        }
    }

    @Test
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
