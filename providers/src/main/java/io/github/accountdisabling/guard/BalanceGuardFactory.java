package io.github.accountdisabling.guard;

/** Refuses while the user holds any non-zero balance, or while the balances can't be read. */
public class BalanceGuardFactory extends StatelessGuardFactory {

    public static final String ID = "balance";
    public static final String NON_ZERO_BALANCE = "non_zero_balance";
    public static final String BALANCE_UNAVAILABLE = "balance_unavailable";
    /** sFOX's text, kept word for word for clients that match on it. */
    public static final String NON_ZERO_BALANCE_MESSAGE =
            "Can not disable account with non-zero balances. Please remove all balances and try again.";

    public BalanceGuardFactory() {
        super(ID, new BalanceGuard());
    }
}
