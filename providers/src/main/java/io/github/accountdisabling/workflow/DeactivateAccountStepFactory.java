package io.github.accountdisabling.workflow;

import io.github.accountdisabling.service.AccountState;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.workflow.ResourceType;
import org.keycloak.models.workflow.WorkflowStepProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Set;

/** Workflow step {@value #ID}: deactivates the user through the pack (guards, revocation, history). */
public class DeactivateAccountStepFactory implements WorkflowStepProviderFactory<AccountStateStep> {

    public static final String ID = "deactivate-account";

    @Override
    public AccountStateStep create(KeycloakSession session, ComponentModel model) {
        return new AccountStateStep(session, model, AccountState.DEACTIVATED);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Deactivates the user like the account-disabling API: guards run first, every session and token is "
                + "revoked, the account keeps its data. A guard's refusal fails the step.";
    }

    @Override
    public Set<ResourceType> getSupportedResourceTypes() {
        return Set.of(ResourceType.USERS);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(AccountStateStep.REASON).type(ProviderConfigProperty.STRING_TYPE).label("Reason")
                .helpText("Recorded and shown on the login page; default \"inactive for N days\", N the days the "
                        + "workflow waited before this step.")
                .add().build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new WorkflowDisableFollower(factory));
    }
}
