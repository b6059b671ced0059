package io.github.accountdisabling.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One state change of one user. Append-only: the pack inserts rows and never updates or deletes them.
 * No foreign keys to the user or realm tables, so the audit trail outlives a deleted user or realm.
 */
@Entity(name = "AccountDisablingHistory")
@Table(name = "ACCOUNT_DISABLING_HISTORY")
@NamedQueries({
        @NamedQuery(name = "AccountDisablingHistory.byUser",
                query = "select h from AccountDisablingHistory h where h.realmId = :realmId and h.userId = :userId"
                        + " order by h.sequence"),
        // Ordered by both columns of the unique key so the database reads one index entry (H2 scans every row
        // of the user for max(SEQ) with a WHERE); callers take the first row.
        @NamedQuery(name = "AccountDisablingHistory.latestSequence",
                query = "select h.sequence from AccountDisablingHistory h where h.userId = :userId"
                        + " order by h.userId desc, h.sequence desc")
})
public class HistoryEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "SEQ", nullable = false)
    private long sequence;

    @Column(name = "FROM_STATE", length = 16, nullable = false)
    private String fromState;

    @Column(name = "TO_STATE", length = 16, nullable = false)
    private String toState;

    @Column(name = "ACTOR", length = 255)
    private String actor;

    @Column(name = "ACTOR_NAME", length = 255)
    private String actorName;

    @Column(name = "SOURCE", length = 32, nullable = false)
    private String source;

    @Column(name = "REASON", length = 2048)
    private String reason;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    protected HistoryEntity() {
    }

    HistoryEntity(String id, String realmId, String userId, long sequence, String fromState, String toState,
                  String actor, String actorName, String source, String reason, long createdAt) {
        this.id = id;
        this.realmId = realmId;
        this.userId = userId;
        this.sequence = sequence;
        this.fromState = fromState;
        this.toState = toState;
        this.actor = actor;
        this.actorName = actorName;
        this.source = source;
        this.reason = reason;
        this.createdAt = createdAt;
    }

    HistoryEntry toEntry() {
        return new HistoryEntry(userId, realmId, sequence, fromState, toState, actor, actorName, source,
                reason == null ? "" : reason, createdAt);
    }
}
