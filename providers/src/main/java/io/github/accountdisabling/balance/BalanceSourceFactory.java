package io.github.accountdisabling.balance;

import io.github.accountdisabling.support.PackProviderFactory;

/** A realm picks its source by id in the {@code accountDisabling.balanceSource} attribute. */
public interface BalanceSourceFactory extends PackProviderFactory<BalanceSource> {
}
