package io.github.accountdisabling.history;

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

    public HistoryEntry append(String realmId, String userId, String fromState, String toState, String actor,
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
                fromState, toState, actor, source, reason, createdAtMillis);
        em.persist(row);
        return row.toEntry();
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
