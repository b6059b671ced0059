package io.github.accountdisabling.guard;

import io.github.accountdisabling.account.Refusal;
import org.keycloak.provider.Provider;

import java.util.Optional;

/** A check that runs before every deactivation, from any entry point; one refusal stops it. */
public interface DeactivationGuard extends Provider {

    /** @return the refusal (status, code, message), or empty when this guard lets the deactivation go ahead */
    Optional<Refusal> check(GuardContext context);

    @Override
    default void close() {
    }
}
