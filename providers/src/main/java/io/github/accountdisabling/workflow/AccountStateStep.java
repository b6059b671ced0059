package io.github.accountdisabling.workflow;

import io.github.accountdisabling.account.AccountState;
import io.github.accountdisabling.account.Actor;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.service.Transition;
import io.github.accountdisabling.account.Refusal;
import io.github.accountdisabling.support.LogValues;
import org.jboss.logging.Logger;
import org.keycloak.common.util.DurationConverter;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.workflow.WorkflowExecutionContext;
import org.keycloak.models.workflow.WorkflowExecutionException;
import org.keycloak.models.workflow.WorkflowStepProvider;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A workflow step that changes a user's state through the one deactivation service: guards, revocation, marks,
 * history (source {@code workflow}) — what Keycloak's own {@code disable-user} step leaves out. Runs in the
 * transaction Keycloak's workflow engine gives each step; a refusal fails the step and changes nothing.
 */
final class AccountStateStep implements WorkflowStepProvider {

    static final String REASON = "reason";

    private static final Logger LOG = Logger.getLogger(AccountStateStep.class);

    private final KeycloakSession session;
    private final ComponentModel step;
    private final AccountState wanted;

    AccountStateStep(KeycloakSession session, ComponentModel step, AccountState wanted) {
        this.session = session;
        this.step = step;
        this.wanted = wanted;
    }

    @Override
    public void run(WorkflowExecutionContext context) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, context.getResourceId());
        if (user == null) {
            return;
        }
        Caller caller = new Caller(actor(realm), null, null, null, Caller.SOURCE_WORKFLOW);
        try {
            session.getProvider(DeactivationService.class)
                    .apply(realm, user, Transition.setActive(wanted == AccountState.ACTIVE, caller, reason(realm)), null);
        } catch (Refusal refusal) {
            LOG.warnf("Workflow step %s refused for user %s in realm %s: %s (%s)", step.getProviderId(), user.getId(),
                    LogValues.escape(realm.getName()), refusal.code(), LogValues.escape(refusal.getMessage()));
            throw new WorkflowExecutionException(refusal.code() + ": " + refusal.getMessage());
        }
    }

    /** The workflow, by its id and name. */
    private Actor actor(RealmModel realm) {
        ComponentModel workflow = step.getParentId() == null ? null : realm.getComponent(step.getParentId());
        if (workflow == null) {
            return Actor.named("workflow");
        }
        String name = workflow.get("name");
        return new Actor(workflow.getId(), name != null ? name : workflow.getName());
    }

    /** The configured reason; else, for a deactivation, how long the workflow waited before this step. */
    private String reason(RealmModel realm) {
        String configured = step.get(REASON);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (wanted == AccountState.ACTIVE) {
            return "";
        }
        return waited(realm).map(days -> "inactive for " + days + " days").orElse("inactive");
    }

    private Optional<Long> waited(RealmModel realm) {
        if (step.getParentId() == null) {
            return Optional.empty();
        }
        return waitedDays(step, realm.getComponentsStream(step.getParentId(), WorkflowStepProvider.class.getName()));
    }

    /** The sum of the {@code after} periods of {@code step} and the steps before it, in whole days, if any. */
    static Optional<Long> waitedDays(ComponentModel step, Stream<ComponentModel> steps) {
        int position = priority(step);
        Duration total = steps.filter(other -> priority(other) <= position)
                .map(other -> after(other.get("after")))
                .reduce(Duration.ZERO, Duration::plus);
        long days = total.toDays();
        return days > 0 ? Optional.of(days) : Optional.empty();
    }

    private static int priority(ComponentModel step) {
        try {
            return Integer.parseInt(step.get("priority", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Duration after(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        try {
            Duration parsed = DurationConverter.parseDuration(value);
            return parsed == null ? Duration.ZERO : parsed;
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /** What a {@code notify-user} step before this one tells the user; Keycloak's messages for disabling. */
    @Override
    public String getNotificationSubject() {
        return wanted == AccountState.DEACTIVATED ? "accountDisableNotificationSubject" : null;
    }

    @Override
    public String getNotificationMessage() {
        return wanted == AccountState.DEACTIVATED ? "accountDisableNotificationBody" : null;
    }

    @Override
    public void close() {
    }
}
