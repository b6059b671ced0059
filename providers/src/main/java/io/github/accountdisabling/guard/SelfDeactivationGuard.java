package io.github.accountdisabling.guard;

import io.github.accountdisabling.account.Refusal;

import java.util.Optional;

final class SelfDeactivationGuard implements DeactivationGuard {

    @Override
    public Optional<Refusal> check(GuardContext context) {
        String callerId = context.caller().userId();
        return callerId != null && callerId.equals(context.user().getId())
                ? Optional.of(new Refusal(422, SelfDeactivationGuardFactory.CODE,
                        "A caller can't deactivate its own account."))
                : Optional.empty();
    }
}
