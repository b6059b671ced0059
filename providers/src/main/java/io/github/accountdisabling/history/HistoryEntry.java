package io.github.accountdisabling.history;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A read-only view of one history row. */
public record HistoryEntry(String userId, String realmId, long sequence, String fromState, String toState,
                           String actor, String actorName, String source, String reason, long createdAtMillis) {

    public String createdAtIso() {
        return iso(createdAtMillis);
    }

    public static String iso(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sequence", Long.toString(sequence));
        json.put("userId", userId);
        json.put("realmId", realmId);
        json.put("fromState", fromState);
        json.put("toState", toState);
        json.put("actor", actor);
        json.put("actorName", actorName);
        json.put("source", source);
        json.put("reason", reason);
        json.put("timestamp", createdAtIso());
        return json;
    }
}
