package io.github.accountdisabling.workflow;

import io.github.accountdisabling.account.Actor;
import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.service.DeactivationService;
import io.github.accountdisabling.support.LogValues;
import io.github.accountdisabling.support.UserJobs;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.workflow.WorkflowProviderEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Keycloak's own {@code disable-user} workflow step only clears {@code enabled}. After it has committed, Keycloak
 * publishes a step-executed event; this gives the user the rest of a deactivation — marks, history (source
 * {@code workflow}), revocation of every session and token — in a transaction of its own. It never throws: a
 * listener that throws would make Keycloak count the step as failed and run it again.
 */
final class WorkflowDisableFollower implements ProviderEventListener {

    static final String KEYCLOAK_DISABLE_STEP = "disable-user";

    private static final Logger LOG = Logger.getLogger(WorkflowDisableFollower.class);

    private final KeycloakSessionFactory factory;

    WorkflowDisableFollower(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void onEvent(ProviderEvent event) {
        if (!(event instanceof WorkflowProviderEvent.WorkflowStepExecutedEvent executed)
                || !KEYCLOAK_DISABLE_STEP.equals(executed.getStepProviderId())) {
            return;
        }
        String realmId = executed.getRealm() == null ? null : executed.getRealm().getId();
        String userId = executed.getResourceId();
        Actor workflow = new Actor(executed.getWorkflowId(), executed.getWorkflowName());
        try {
            UserJobs.inOwnTransaction(factory, realmId, userId, (session, realm, user) -> session
                    .getProvider(DeactivationService.class)
                    .recordOutsideChange(realm, user, workflow, Caller.SOURCE_WORKFLOW));
        } catch (RuntimeException e) {
            LOG.warnf("Could not complete the disable-user workflow step for user %s: %s", LogValues.escape(userId),
                    LogValues.escape(e.toString()));
        }
    }
}
