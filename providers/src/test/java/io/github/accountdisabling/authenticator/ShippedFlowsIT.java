package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AbstractAuthenticationExecutionRepresentation;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flows in {@code realm-config/} are Keycloak's built-in flows of a freshly created realm on this very server,
 * except for the documented swaps, so they can't drift from Keycloak's when the version changes; and the installer
 * makes exactly the shipped flows out of a fresh realm's own.
 */
@KeycloakIntegrationTest
class ShippedFlowsIT {

    /** Shipped flow → the built-in flow it is a copy of. */
    private static final Map<String, String> COPIES = Map.of(
            "browser-gated", "browser",
            "browser-identity-first-gated", "browser",
            "direct-grant-gated", "direct grant",
            "first-broker-login-gated", "first broker login");

    /** Authenticators the gate is put right after; in first broker login it comes first. */
    private static final List<String> GATE_FOLLOWS = List.of(AuthenticatorFactories.USERNAME_PASSWORD_FORM,
            AuthenticatorFactories.PASSWORD_FORM, AuthenticatorFactories.DIRECT_GRANT_VALIDATE_USERNAME);

    private record Step(int depth, String what, String requirement, int priority, Map<String, String> config,
                        String flowShape) {
    }

    @Test
    void shippedFlowsAreKeycloaksBuiltInFlowsButForTheDocumentedSwaps(TestClient client) {
        String name = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation created = new RealmRepresentation();
        created.setRealm(name);
        created.setEnabled(true);
        client.admin().realms().create(created);
        try {
            RealmRepresentation fresh = client.admin().realm(name).partialExport(false, false);
            RealmRepresentation shipped = TestRealm.demoRealm();
            COPIES.forEach((copy, builtIn) -> {
                List<Step> expected = steps(fresh, builtIn, "");
                List<Step> actual = undoDocumentedSwaps(copy, steps(shipped, copy, copy + " "));
                assertThat(actual).as("%s compared with Keycloak's %s", copy, builtIn).containsExactlyElementsOf(expected);
            });

            TestClient.Response installed = client.post("/admin/realms/" + name + "/account-disabling/flows",
                    client.adminToken(), json(map("bind", false)));
            assertThat(installed.status()).as(installed.toString()).isEqualTo(200);
            RealmRepresentation afterInstall = client.admin().realm(name).partialExport(false, false);
            for (String copy : List.of("browser-gated", "direct-grant-gated")) {
                assertThat(withoutGateSettings(steps(afterInstall, copy, copy + " ")))
                        .as("installer's %s equals the shipped one", copy)
                        .containsExactlyElementsOf(withoutGateSettings(steps(shipped, copy, copy + " ")));
            }
        } finally {
            client.admin().realm(name).remove();
        }
    }

    /** The flow as a list of steps, depth first, with names relative to the copy's prefix. */
    private static List<Step> steps(RealmRepresentation realm, String alias, String prefix) {
        Map<String, AuthenticationFlowRepresentation> flows = realm.getAuthenticationFlows().stream()
                .collect(Collectors.toMap(AuthenticationFlowRepresentation::getAlias, Function.identity()));
        Map<String, Map<String, String>> configs = realm.getAuthenticatorConfig() == null ? Map.of()
                : realm.getAuthenticatorConfig().stream().collect(Collectors.toMap(
                        AuthenticatorConfigRepresentation::getAlias, c -> new TreeMap<>(c.getConfig())));
        assertThat(flows).as("flow %s in realm %s", alias, realm.getRealm()).containsKey(alias);
        List<Step> steps = new ArrayList<>();
        AuthenticationFlowRepresentation top = flows.get(alias);
        steps.add(new Step(0, "flow", null, 0, Map.of(), shape(top)));
        collect(flows, configs, top, prefix, 1, steps);
        return steps;
    }

    private static void collect(Map<String, AuthenticationFlowRepresentation> flows,
                                Map<String, Map<String, String>> configs, AuthenticationFlowRepresentation flow,
                                String prefix, int depth, List<Step> steps) {
        List<AuthenticationExecutionExportRepresentation> executions = new ArrayList<>(flow.getAuthenticationExecutions());
        executions.sort(Comparator.comparingInt(AbstractAuthenticationExecutionRepresentation::getPriority));
        for (AuthenticationExecutionExportRepresentation execution : executions) {
            Map<String, String> config = execution.getAuthenticatorConfig() == null ? Map.of()
                    : configs.getOrDefault(execution.getAuthenticatorConfig(), Map.of("missing", execution.getAuthenticatorConfig()));
            if (execution.isAuthenticatorFlow()) {
                AuthenticationFlowRepresentation sub = flows.get(execution.getFlowAlias());
                assertThat(execution.getFlowAlias()).startsWith(prefix);
                steps.add(new Step(depth, "flow:" + execution.getFlowAlias().substring(prefix.length()),
                        execution.getRequirement(), execution.getPriority(), config, shape(sub)));
                collect(flows, configs, sub, prefix, depth + 1, steps);
            } else {
                steps.add(new Step(depth, execution.getAuthenticator(), execution.getRequirement(),
                        execution.getPriority(), config, null));
            }
        }
    }

    private static String shape(AuthenticationFlowRepresentation flow) {
        return flow.getProviderId() + "|" + flow.isTopLevel() + "|" + flow.getDescription();
    }

    /**
     * The documented swaps, undone: the gate goes (right after a password step, or first in first broker login),
     * gated forms become Keycloak's again, and identity-first's two forms become the one-page form they replace.
     */
    private static List<Step> undoDocumentedSwaps(String copy, List<Step> shipped) {
        Map<String, String> stock = new LinkedHashMap<>();
        AuthenticatorFactories.GATED_REPLACEMENTS.forEach((keycloak, gated) -> stock.put(gated, keycloak));
        List<Step> result = new ArrayList<>();
        for (int i = 0; i < shipped.size(); i++) {
            Step step = shipped.get(i);
            if (AuthenticatorFactories.GATE.equals(step.what())) {
                boolean firstInFirstBrokerLogin = copy.equals("first-broker-login-gated") && i == 1;
                boolean afterPasswordStep = GATE_FOLLOWS.contains(shipped.get(i - 1).what())
                        && shipped.get(i - 1).depth() == step.depth();
                assertThat(firstInFirstBrokerLogin || afterPasswordStep).as("gate placed in %s at %s", copy, i).isTrue();
                assertThat(step.requirement()).isEqualTo("REQUIRED");
                continue;
            }
            if (AuthenticatorFactories.USERNAME_FORM.equals(step.what())) {
                Step password = shipped.get(i + 1);
                assertThat(password.what()).isEqualTo(AuthenticatorFactories.PASSWORD_FORM);
                assertThat(password.requirement()).isEqualTo(step.requirement());
                result.add(new Step(step.depth(), "auth-username-password-form", step.requirement(), step.priority(),
                        step.config(), null));
                i++;
                continue;
            }
            result.add(new Step(step.depth(), stock.getOrDefault(step.what(), step.what()), step.requirement(),
                    step.priority(), step.config(), step.flowShape()));
        }
        return result;
    }

    private static List<Step> withoutGateSettings(List<Step> steps) {
        return steps.stream().map(step -> AuthenticatorFactories.GATE.equals(step.what())
                ? new Step(step.depth(), step.what(), step.requirement(), step.priority(), Map.of(), step.flowShape())
                : step).toList();
    }
}
