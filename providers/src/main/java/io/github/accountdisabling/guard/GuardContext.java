package io.github.accountdisabling.guard;

import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.account.Caller;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** What a guard may look at: the user about to be deactivated, who asks, and the realm's settings. */
public record GuardContext(KeycloakSession session, RealmModel realm, UserModel user, Caller caller,
                           AccountDisablingSettings settings) {
}
