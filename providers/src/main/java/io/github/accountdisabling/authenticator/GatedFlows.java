package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.service.Refusal;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AuthenticationManagementResource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Adds the gate to a realm's own login flows without losing anything of them: the bound browser and direct-grant
 * flows are copied with Keycloak's own flow copy, Keycloak's form steps in the copy are swapped for their gated
 * subclasses and the gate is put right after the step that checks the password. Every other step, sub-flow,
 * requirement and setting stays as the realm had it.
 */
public final class GatedFlows {

    public static final String NO_RECOGNISED_STEP = "no_recognised_form_step";
    public static final String ALIAS_TAKEN = "flow_alias_taken";
    public static final String SUFFIX = "-gated";

    /** The steps after which the gate goes: they are the ones that prove a password. */
    private static final Set<String> PASSWORD_STEPS = Set.of(AuthenticatorFactories.USERNAME_PASSWORD_FORM,
            AuthenticatorFactories.PASSWORD_FORM, AuthenticatorFactories.DIRECT_GRANT_VALIDATE_USERNAME);

    private static final Logger LOG = Logger.getLogger(GatedFlows.class);

    /** The gated flows' aliases, and whether the realm binds both of them now. */
    public record Installed(String browserFlow, String directGrantFlow, boolean bound) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;

    public GatedFlows(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Checks everything first and changes nothing on a refusal; a second call finds the gated copies (or flows that
     * already have the gate) and changes nothing.
     */
    public Installed install(boolean bind) {
        Plan browser = plan(realm.getBrowserFlow(), "browser");
        Plan directGrant = plan(realm.getDirectGrantFlow(), "direct grant");
        AuthenticationFlowModel gatedBrowser = browser.apply();
        AuthenticationFlowModel gatedDirectGrant = directGrant.apply();
        if (bind) {
            realm.setBrowserFlow(gatedBrowser);
            realm.setDirectGrantFlow(gatedDirectGrant);
        }
        boolean bound = gatedBrowser.getId().equals(realm.getBrowserFlow().getId())
                && gatedDirectGrant.getId().equals(realm.getDirectGrantFlow().getId());
        return new Installed(gatedBrowser.getAlias(), gatedDirectGrant.getAlias(), bound);
    }

    public static String gatedAlias(String alias) {
        return alias.trim().replaceAll("\\s+", "-") + SUFFIX;
    }

    /** What to do for one bound flow: nothing (it has the gate), reuse an earlier copy, or copy it. */
    private record Plan(AuthenticationFlowModel existing, AuthenticationFlowModel source, String alias,
                        GatedFlows flows) {

        AuthenticationFlowModel apply() {
            return existing != null ? existing : flows.copyWithGate(source, alias);
        }
    }

    private Plan plan(AuthenticationFlowModel bound, String binding) {
        if (bound == null) {
            throw new Refusal(409, NO_RECOGNISED_STEP, "The realm has no " + binding + " flow bound.");
        }
        if (hasGate(bound)) {
            return new Plan(bound, bound, bound.getAlias(), this);
        }
        String alias = gatedAlias(bound.getAlias());
        AuthenticationFlowModel earlier = realm.getFlowByAlias(alias);
        if (earlier != null) {
            if (!hasGate(earlier)) {
                throw new Refusal(409, ALIAS_TAKEN, "A flow named '" + alias + "' exists and has no account disabled gate; "
                        + "rename or delete it.");
            }
            return new Plan(earlier, bound, alias, this);
        }
        List<AuthenticationExecutionModel> steps = new ArrayList<>();
        List<String> takenNames = new ArrayList<>();
        walk(bound, alias, steps::add, takenNames::add);
        if (steps.stream().map(step -> AuthenticatorFactories.gatedReplacement(step.getAuthenticator()))
                .noneMatch(gated -> gated != null && PASSWORD_STEPS.contains(gated))) {
            throw new Refusal(409, NO_RECOGNISED_STEP, "The " + binding + " flow '" + bound.getAlias()
                    + "' has no step the pack can gate (" + String.join(", ",
                    AuthenticatorFactories.GATED_REPLACEMENTS.keySet().stream().sorted().toList()) + ").");
        }
        if (!takenNames.isEmpty()) {
            throw new Refusal(409, ALIAS_TAKEN, "The copy of '" + bound.getAlias() + "' would reuse the names "
                    + String.join(", ", takenNames) + "; rename or delete them.");
        }
        return new Plan(null, bound, alias, this);
    }

    /** Visits every execution below {@code flow}, and every name Keycloak's copy would create that is taken. */
    private void walk(AuthenticationFlowModel flow, String copyAlias, Consumer<AuthenticationExecutionModel> step,
                      Consumer<String> taken) {
        realm.getAuthenticationExecutionsStream(flow.getId()).forEachOrdered(execution -> {
            step.accept(execution);
            if (execution.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                if (config != null && config.getAlias() != null
                        && realm.getAuthenticatorConfigByAlias(copyAlias + " " + config.getAlias()) != null) {
                    taken.accept("'" + copyAlias + " " + config.getAlias() + "'");
                }
            }
            if (execution.isAuthenticatorFlow()) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(execution.getFlowId());
                if (realm.getFlowByAlias(copyAlias + " " + sub.getAlias()) != null) {
                    taken.accept("'" + copyAlias + " " + sub.getAlias() + "'");
                }
                walk(sub, copyAlias, step, taken);
            }
        });
    }

    private boolean hasGate(AuthenticationFlowModel flow) {
        List<AuthenticationExecutionModel> steps = new ArrayList<>();
        walk(flow, "", steps::add, name -> { });
        return steps.stream().anyMatch(step -> AuthenticatorFactories.GATE.equals(step.getAuthenticator()));
    }

    private AuthenticationFlowModel copyWithGate(AuthenticationFlowModel source, String alias) {
        AuthenticationFlowModel copy = AuthenticationManagementResource.copyFlow(session, realm, source, alias);
        List<AuthenticationExecutionModel> steps = new ArrayList<>();
        walk(copy, alias, steps::add, name -> { });
        for (AuthenticationExecutionModel step : steps) {
            String gated = AuthenticatorFactories.gatedReplacement(step.getAuthenticator());
            if (gated == null) {
                continue;
            }
            step.setAuthenticator(gated);
            realm.updateAuthenticatorExecution(step);
            if (PASSWORD_STEPS.contains(gated)) {
                addGateAfter(step);
            }
        }
        LOG.infof("Copied flow '%s' of realm %s to '%s' with the account disabled gate", source.getAlias(),
                realm.getName(), alias);
        return copy;
    }

    private void addGateAfter(AuthenticationExecutionModel step) {
        List<AuthenticationExecutionModel> siblings = realm.getAuthenticationExecutionsStream(step.getParentFlow())
                .sorted(Comparator.comparingInt(AuthenticationExecutionModel::getPriority)).toList();
        int priority = step.getPriority() + 1;
        if (siblings.stream().anyMatch(sibling -> sibling.getPriority() == priority)) {
            // no free place right after the step: move the later steps back, keeping their order
            for (AuthenticationExecutionModel later : siblings) {
                if (later.getPriority() > step.getPriority()) {
                    later.setPriority(later.getPriority() + 10);
                    realm.updateAuthenticatorExecution(later);
                }
            }
        }
        AuthenticationExecutionModel gate = new AuthenticationExecutionModel();
        gate.setParentFlow(step.getParentFlow());
        gate.setAuthenticator(AuthenticatorFactories.GATE);
        gate.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        gate.setPriority(priority);
        gate.setAuthenticatorFlow(false);
        realm.addAuthenticatorExecution(gate);
    }
}
