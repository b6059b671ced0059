package io.github.accountdisabling.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** A read-only view of one history row. */
public record HistoryEntry(String userId, String realmId, long sequence, String fromState, String toState,
                           String actor, String actorName, String source, String reason, long createdAtMillis) {

    public String createdAtIso() {
        return iso(createdAtMillis);
    }

    public static String iso(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** What the history API answers for this row; every field present, {@code null} when unset. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Json(String sequence, String userId, String realmId, String fromState, String toState, String actor,
                       String actorName, String source, String reason, String timestamp) {
    }

    public Json toJson() {
        return new Json(Long.toString(sequence), userId, realmId, fromState, toState, actor, actorName, source, reason,
                createdAtIso());
    }
}
