package io.github.accountdisabling.history;

import io.github.accountdisabling.account.Actor;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;

/**
 * Appends to and reads the history table. Callers hold the user's row lock while appending, so the
 * per-user sequence is {@code max + 1} without gaps; the unique key (USER_ID, SEQ) backs that up.
 */
public final class HistoryStore {

    private final EntityManager em;

    public HistoryStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public HistoryEntry append(String realmId, String userId, String fromState, String toState, Actor actor,
                               String source, String reason, long createdAtMillis) {
        // The row is written with everything else at commit; a second append in the same transaction still sees it,
        // as the query flushes pending inserts first.
        long latest = em.createNamedQuery("AccountDisablingHistory.latestSequence", Long.class)
                .setParameter("userId", userId)
                .setMaxResults(1)
                .getResultList()
                .stream()
                .findFirst()
                .orElse(0L);
        HistoryEntity row = new HistoryEntity(KeycloakModelUtils.generateId(), realmId, userId, latest + 1,
                fromState, toState, actor.id(), truncated(actor.name()), source, reason, createdAtMillis);
        em.persist(row);
        return row.toEntry();
    }

    /** A username or client id is at most 255 characters in Keycloak's own tables; this keeps a longer one from failing the row. */
    private static String truncated(String name) {
        return name == null || name.length() <= 255 ? name : name.substring(0, 255);
    }

    /** Oldest first. */
    public List<HistoryEntry> list(String realmId, String userId) {
        return em.createNamedQuery("AccountDisablingHistory.byUser", HistoryEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultStream()
                .map(HistoryEntity::toEntry)
                .toList();
    }
}
