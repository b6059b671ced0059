package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.support.LogValues;
import io.github.accountdisabling.account.Refusal;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.services.resources.admin.AuthenticationManagementResource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Adds the gate to a realm's own login flows without losing anything of them: the bound browser and direct-grant
 * flows are copied with Keycloak's own flow copy, Keycloak's form steps in the copy are swapped for their gated
 * subclasses and the gate is put right after each step that checks a password. Every other step, sub-flow,
 * requirement and setting stays as the realm had it.
 */
public final class GatedFlows {

    public static final String NO_RECOGNISED_STEP = "no_recognised_form_step";
    public static final String ALIAS_TAKEN = "flow_alias_taken";
    public static final String COPY_FAILED = "flow_copy_failed";
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
     * already have the gate) and changes nothing. Calls on one realm run one after the other (realm row lock), so
     * two concurrent calls can't both copy.
     */
    public Installed install(boolean bind) {
        session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .find(RealmEntity.class, realm.getId(), LockModeType.PESSIMISTIC_WRITE);
        Plan browser = plan(realm.getBrowserFlow(), "browser");
        Plan directGrant = plan(realm.getDirectGrantFlow(), "direct grant");
        AuthenticationFlowModel gatedBrowser;
        AuthenticationFlowModel gatedDirectGrant;
        try {
            gatedBrowser = browser.apply();
            gatedDirectGrant = directGrant.apply();
        } catch (RuntimeException e) {
            // Keycloak's copy refused something the checks above did not foresee: undo whatever it made
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("Copying the login flows of realm %s failed: %s", LogValues.escape(realm.getName()),
                    LogValues.escape(e.getMessage()));
            throw new Refusal(409, COPY_FAILED, "Keycloak could not copy the flows: " + e.getMessage());
        }
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

    /** Something that would make Keycloak's copy fail, with the code it is refused with. */
    private record Problem(String code, String text) {
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
        List<Problem> problems = new ArrayList<>();
        walk(bound, alias, steps::add, problems::add);
        List<AuthenticationExecutionModel> passwordSteps = steps.stream()
                .filter(step -> PASSWORD_STEPS.contains(gatedOrNone(step))).toList();
        if (passwordSteps.isEmpty()) {
            throw new Refusal(409, NO_RECOGNISED_STEP, "The " + binding + " flow '" + bound.getAlias()
                    + "' has no step the pack can gate (" + String.join(", ",
                    AuthenticatorFactories.GATED_REPLACEMENTS.keySet().stream().sorted().toList()) + ").");
        }
        // A Required gate beside Alternative steps would make Keycloak skip those alternatives.
        List<String> notRequired = passwordSteps.stream().filter(step -> !step.isRequired())
                .map(step -> step.getAuthenticator() + " (" + step.getRequirement() + ")").toList();
        if (!notRequired.isEmpty()) {
            throw new Refusal(409, NO_RECOGNISED_STEP, "The " + binding + " flow '" + bound.getAlias()
                    + "' checks the password in a step that is not Required: " + String.join(", ", notRequired)
                    + "; the gate can only follow a Required step. Add it by hand.");
        }
        if (!problems.isEmpty()) {
            throw new Refusal(409, problems.get(0).code(), "The flow '" + bound.getAlias() + "' can't be copied: "
                    + String.join("; ", problems.stream().map(Problem::text).toList()) + ".");
        }
        return new Plan(null, bound, alias, this);
    }

    private static String gatedOrNone(AuthenticationExecutionModel step) {
        String gated = AuthenticatorFactories.gatedReplacement(step.getAuthenticator());
        return gated == null ? "" : gated;
    }

    /**
     * Visits every execution below {@code flow}, and reports what would make Keycloak's copy under {@code copyAlias}
     * fail: names it would create that are taken, settings shared by two steps or missing, missing sub-flows.
     */
    private void walk(AuthenticationFlowModel flow, String copyAlias, Consumer<AuthenticationExecutionModel> step,
                      Consumer<Problem> problem) {
        walk(flow, copyAlias, step, problem, new HashSet<>());
    }

    private void walk(AuthenticationFlowModel flow, String copyAlias, Consumer<AuthenticationExecutionModel> step,
                      Consumer<Problem> problem, Set<String> configsSeen) {
        realm.getAuthenticationExecutionsStream(flow.getId()).forEachOrdered(execution -> {
            step.accept(execution);
            if (execution.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                if (config == null) {
                    problem.accept(new Problem(COPY_FAILED, "a step of '" + flow.getAlias() + "' refers to a setting that does not exist"));
                } else if (config.getAlias() != null) {
                    String copied = copyAlias + " " + config.getAlias();
                    if (!configsSeen.add(config.getId())) {
                        problem.accept(new Problem(COPY_FAILED, "the setting '" + config.getAlias() + "' is shared by two steps"));
                    } else if (realm.getAuthenticatorConfigByAlias(copied) != null) {
                        problem.accept(new Problem(ALIAS_TAKEN, "a setting named '" + copied + "' exists"));
                    }
                }
            }
            if (execution.isAuthenticatorFlow()) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(execution.getFlowId());
                if (sub == null) {
                    problem.accept(new Problem(COPY_FAILED, "a step of '" + flow.getAlias() + "' refers to a sub-flow that does not exist"));
                    return;
                }
                if (realm.getFlowByAlias(copyAlias + " " + sub.getAlias()) != null) {
                    problem.accept(new Problem(ALIAS_TAKEN, "a flow named '" + copyAlias + " " + sub.getAlias() + "' exists"));
                }
                walk(sub, copyAlias, step, problem, configsSeen);
            }
        });
    }

    private boolean hasGate(AuthenticationFlowModel flow) {
        List<AuthenticationExecutionModel> steps = new ArrayList<>();
        walk(flow, "", steps::add, problem -> { });
        return steps.stream().anyMatch(step -> AuthenticatorFactories.GATE.equals(step.getAuthenticator()));
    }

    private AuthenticationFlowModel copyWithGate(AuthenticationFlowModel source, String alias) {
        AuthenticationFlowModel copy = AuthenticationManagementResource.copyFlow(session, realm, source, alias);
        List<AuthenticationExecutionModel> steps = new ArrayList<>();
        walk(copy, alias, steps::add, problem -> { });
        List<String> gateAfter = new ArrayList<>();
        for (AuthenticationExecutionModel step : steps) {
            String gated = AuthenticatorFactories.gatedReplacement(step.getAuthenticator());
            if (gated != null) {
                step.setAuthenticator(gated);
                realm.updateAuthenticatorExecution(step);
                if (PASSWORD_STEPS.contains(gated)) {
                    gateAfter.add(step.getId());
                }
            }
        }
        // read each step again: putting a gate in may have moved its siblings
        gateAfter.forEach(id -> addGateAfter(realm.getAuthenticationExecutionById(id)));
        LOG.infof("Copied flow '%s' of realm %s to '%s' with the account disabled gate", LogValues.escape(source.getAlias()),
                LogValues.escape(realm.getName()), LogValues.escape(alias));
        return copy;
    }

    private void addGateAfter(AuthenticationExecutionModel step) {
        List<AuthenticationExecutionModel> siblings = realm.getAuthenticationExecutionsStream(step.getParentFlow())
                .toList();
        boolean crowded = siblings.stream().anyMatch(sibling -> !sibling.getId().equals(step.getId())
                && (sibling.getPriority() == step.getPriority() || sibling.getPriority() == step.getPriority() + 1));
        int priority = step.getPriority() + 1;
        if (crowded) {
            // no free place right after the step: number the steps apart, in the order Keycloak runs them
            List<AuthenticationExecutionModel> ordered = siblings.stream()
                    .sorted(Comparator.comparingInt(AuthenticationExecutionModel::getPriority)).toList();
            for (int i = 0; i < ordered.size(); i++) {
                AuthenticationExecutionModel sibling = ordered.get(i);
                sibling.setPriority((i + 1) * 10);
                realm.updateAuthenticatorExecution(sibling);
                if (sibling.getId().equals(step.getId())) {
                    priority = sibling.getPriority() + 1;
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
