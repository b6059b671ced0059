package io.github.accountdisabling.guard;

import io.github.accountdisabling.support.PackProviderFactory;

/** Factory of one guard. Every registered guard runs; a custom one is a jar with one of these. */
public interface DeactivationGuardFactory extends PackProviderFactory<DeactivationGuard> {
}
