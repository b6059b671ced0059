package io.github.accountdisabling.balance;

import io.github.accountdisabling.support.PackSpi;

public class BalanceSourceSpi extends PackSpi {

    public static final String NAME = "account-disabling-balance-source";

    public BalanceSourceSpi() {
        super(NAME, BalanceSource.class, BalanceSourceFactory.class);
    }
}
