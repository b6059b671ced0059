package io.github.accountdisabling.workflow;

import io.github.accountdisabling.account.AccountState;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowStepProviderFactory;

import java.util.Set;

/** What the pack's two workflow steps share: a user step that asks the deactivation service for one state. */
abstract class AccountStateStepFactory implements WorkflowStepProviderFactory<AccountStateStep> {

    private final AccountState wanted;

    AccountStateStepFactory(AccountState wanted) {
        this.wanted = wanted;
    }

    @Override
    public AccountStateStep create(KeycloakSession session, ComponentModel model) {
        return new AccountStateStep(session, model, wanted);
    }

    @Override
    public Set<ResourceType> getSupportedResourceTypes() {
        return Set.of(ResourceType.USERS);
    }
}
