package io.github.accountdisabling.service;

import io.github.accountdisabling.history.HistoryEntry;
import org.keycloak.models.UserModel;

/** The outcome of a change: the history row it appended. */
public record Change(UserModel user, HistoryEntry entry) {
}
