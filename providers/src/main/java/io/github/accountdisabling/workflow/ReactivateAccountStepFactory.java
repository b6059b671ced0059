package io.github.accountdisabling.workflow;

import io.github.accountdisabling.account.AccountState;

/** Workflow step {@value #ID}: gives a deactivated account back through the pack. */
public class ReactivateAccountStepFactory extends AccountStateStepFactory {

    public static final String ID = "reactivate-account";

    public ReactivateAccountStepFactory() {
        super(AccountState.ACTIVE);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Reactivates a user the account-disabling pack deactivated: the same account, no session from before.";
    }
}
