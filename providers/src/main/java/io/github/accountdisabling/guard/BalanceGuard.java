package io.github.accountdisabling.guard;

import io.github.accountdisabling.balance.BalanceSource;
import io.github.accountdisabling.balance.BalanceUnavailableException;
import io.github.accountdisabling.balance.Balances;
import io.github.accountdisabling.account.Refusal;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static io.github.accountdisabling.guard.BalanceGuardFactory.BALANCE_UNAVAILABLE;
import static io.github.accountdisabling.guard.BalanceGuardFactory.NON_ZERO_BALANCE;
import static io.github.accountdisabling.guard.BalanceGuardFactory.NON_ZERO_BALANCE_MESSAGE;

final class BalanceGuard implements DeactivationGuard {

    @Override
    public Optional<Refusal> check(GuardContext context) {
        String sourceId = context.settings().balanceSource();
        BalanceSource source = context.session().getProvider(BalanceSource.class, sourceId);
        if (source == null) {
            return Optional.of(new Refusal(503, BALANCE_UNAVAILABLE,
                    "Balance source '" + sourceId + "' is not installed; the account was not disabled."));
        }
        Map<String, BigDecimal> balances;
        try {
            balances = source.balances(context.realm(), context.user(), context.settings());
        } catch (BalanceUnavailableException e) {
            return Optional.of(new Refusal(503, BALANCE_UNAVAILABLE,
                    "The account's balances could not be read, so it was not disabled. Try again later."));
        }
        return Balances.anyNonZero(balances)
                ? Optional.of(new Refusal(422, NON_ZERO_BALANCE, NON_ZERO_BALANCE_MESSAGE))
                : Optional.empty();
    }
}
