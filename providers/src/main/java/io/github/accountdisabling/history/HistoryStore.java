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
        Long max = em.createNamedQuery("AccountDisablingHistory.maxSequence", Long.class)
                .setParameter("userId", userId)
                .getSingleResult();
        long sequence = max == null ? 1 : max + 1;
        HistoryEntity row = new HistoryEntity(KeycloakModelUtils.generateId(), realmId, userId, sequence,
                fromState, toState, actor, source, reason, createdAtMillis);
        em.persist(row);
        em.flush();
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
