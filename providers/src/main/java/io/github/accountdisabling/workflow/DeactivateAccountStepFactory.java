package io.github.accountdisabling.workflow;

import io.github.accountdisabling.account.AccountState;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** Workflow step {@value #ID}: deactivates the user through the pack (guards, revocation, history). */
public class DeactivateAccountStepFactory extends AccountStateStepFactory {

    public static final String ID = "deactivate-account";

    public DeactivateAccountStepFactory() {
        super(AccountState.DEACTIVATED);
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
