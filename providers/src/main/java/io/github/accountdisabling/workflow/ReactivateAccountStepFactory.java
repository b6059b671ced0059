package io.github.accountdisabling.workflow;

import io.github.accountdisabling.service.AccountState;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowStepProviderFactory;

import java.util.Set;

/** Workflow step {@value #ID}: gives a deactivated account back through the pack. */
public class ReactivateAccountStepFactory implements WorkflowStepProviderFactory<AccountStateStep> {

    public static final String ID = "reactivate-account";

    @Override
    public AccountStateStep create(KeycloakSession session, ComponentModel model) {
        return new AccountStateStep(session, model, AccountState.ACTIVE);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Reactivates a user the account-disabling pack deactivated: the same account, no session from before.";
    }

    @Override
    public Set<ResourceType> getSupportedResourceTypes() {
        return Set.of(ResourceType.USERS);
    }
}
