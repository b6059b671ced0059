package io.github.accountdisabling.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakCluster;
import io.github.accountdisabling.testing.RateLimitMinute;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Keycloak nodes with the pack on one PostgreSQL (Keycloak's default jdbc-ping stack): what one node does is
 * seen by the other at once. A token is checked by the node that issued it (each node's URL is its issuer), so each
 * client talks to one node.
 */
class ClusterIT {

    private static final String PASSWORD = "correct-horse-42";

    private static KeycloakCluster cluster;
    private static TestClient one;
    private static TestClient two;

    @BeforeAll
    static void startCluster() {
        cluster = KeycloakCluster.start(2);
        one = TestClient.of(cluster.node(0));
        two = TestClient.of(cluster.node(1));
    }

    @AfterAll
    static void stopCluster() {
        if (one != null) {
            one.close();
            two.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String apiToken(TestClient client, TestRealm realm) {
        return client.clientToken(realm.name(), TestClient.API_CLIENT_ID, TestClient.API_CLIENT_SECRET);
    }

    @Test
    void aDeactivationOnOneNodeIsEnforcedOnTheOtherAtOnceAndReactivationThereGivesTheAccountBack() {
        try (TestRealm realm = TestRealm.create(one, "cluster-revoke")) {
            String userId = realm.createUser("nora", PASSWORD, Map.of());
            JsonNode online = two.tokenRequest(realm.name(), Map.of("grant_type", "password", "client_id",
                    TestRealm.APP_CLIENT_ID, "username", "nora", "password", PASSWORD));
            JsonNode offline = two.tokenRequest(realm.name(), Map.of("grant_type", "password", "client_id",
                    TestRealm.APP_CLIENT_ID, "username", "nora", "password", PASSWORD, "scope", "openid offline_access"));
            String sessionsPath = "/admin/realms/" + realm.name() + "/users/" + userId + "/sessions";
            assertThat(two.get(sessionsPath, two.adminToken()).json()).isNotEmpty();

            Response deactivated = one.post(realm.api("/users/" + userId + "/deactivate"), apiToken(one, realm),
                    json(map("reason", "cluster")));
            assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);

            // node 2, right after the answer
            assertThat(refresh(two, realm, online.get("refresh_token").asText()).status()).isEqualTo(400);
            assertThat(refresh(two, realm, offline.get("refresh_token").asText()).status()).isEqualTo(400);
            Response login = two.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", TestRealm.APP_CLIENT_ID, "username", "nora",
                    "password", PASSWORD));
            assertThat(login.status()).isIn(400, 401);
            Response introspection = two.postForm("/realms/" + realm.name()
                    + "/protocol/openid-connect/token/introspect", Map.of("client_id", TestClient.API_CLIENT_ID,
                    "client_secret", TestClient.API_CLIENT_SECRET, "token", online.get("access_token").asText()));
            assertThat(introspection.json().get("active").asBoolean()).isFalse();
            assertThat(two.get(sessionsPath, two.adminToken()).json()).isEmpty();
            assertThat(two.get("/admin/realms/" + realm.name() + "/users/" + userId + "/offline-sessions/"
                    + clientUuid(two, realm), two.adminToken()).json()).isEmpty();

            Response reactivated = two.post(realm.api("/users/" + userId + "/reactivate"), apiToken(two, realm), "{}");
            assertThat(reactivated.status()).as(reactivated.toString()).isEqualTo(200);
            assertThat(one.userToken(realm.name(), TestRealm.APP_CLIENT_ID, "nora", PASSWORD)).isNotBlank();
            assertThat(refresh(two, realm, online.get("refresh_token").asText()).status())
                    .as("nothing from before the reactivation works after it").isEqualTo(400);
            JsonNode history = one.get(realm.api("/users/" + userId + "/history"), one.adminToken()).json();
            assertThat(history).extracting(row -> row.get("toState").asText()).containsExactly("DEACTIVATED", "ACTIVE");
        }
    }

    @Test
    void parallelWritesSplitAcrossNodesKeepAGaplessHistory() throws Exception {
        try (TestRealm realm = TestRealm.create(one, "cluster-writes")) {
            String userId = realm.createUser("otto", PASSWORD, Map.of());
            String tokenOne = apiToken(one, realm);
            String tokenTwo = apiToken(two, realm);
            List<Response> answers = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    boolean first = i % 2 == 0;
                    String action = (i / 2) % 2 == 0 ? "/deactivate" : "/reactivate";
                    futures.add(pool.submit(() -> answers.add((first ? one : two).post(
                            realm.api("/users/" + userId + action), first ? tokenOne : tokenTwo, "{}"))));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(answers).hasSize(40);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isIn(200, 409));
            long changes = answers.stream().filter(answer -> answer.status() == 200).count();
            assertConsistent(realm, userId, changes);
        }
    }

    @Test
    void aStockDisableOnOneNodeRevokesSessionsMadeOnTheOther() {
        try (TestRealm realm = TestRealm.create(one, "cluster-stock")) {
            String userId = realm.createUser("pia", PASSWORD, Map.of());
            JsonNode tokens = one.tokenRequest(realm.name(), Map.of("grant_type", "password", "client_id",
                    TestRealm.APP_CLIENT_ID, "username", "pia", "password", PASSWORD));
            UserRepresentation user = two.admin().realm(realm.name()).users().get(userId).toRepresentation();
            user.setEnabled(false);
            two.admin().realm(realm.name()).users().get(userId).update(user);

            assertThat(one.get("/admin/realms/" + realm.name() + "/users/" + userId + "/sessions", one.adminToken())
                    .json()).isEmpty();
            assertThat(refresh(one, realm, tokens.get("refresh_token").asText()).status()).isEqualTo(400);
            JsonNode history = one.get(realm.api("/users/" + userId + "/history"), one.adminToken()).json();
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("source").asText()).isEqualTo("console");
        }
    }

    @Test
    void theRateLimitIsCountedOnceForTheCluster() {
        try (TestRealm realm = TestRealm.create(one, "cluster-limit")) {
            realm.putConfig(map("enabled", true, "rateLimitPerMinute", 4));
            String userId = realm.userId("alice");
            String tokenOne = apiToken(one, realm);
            String tokenTwo = apiToken(two, realm);
            RateLimitMinute.awaitRoomFor(Duration.ofSeconds(20));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                TestClient node = i % 2 == 0 ? one : two;
                statuses.add(node.post(realm.api("/users/" + userId + "/reactivate"), i % 2 == 0 ? tokenOne : tokenTwo,
                        "{}").status());
            }
            assertThat(statuses).as("4 writes a minute across both nodes, taking turns")
                    .containsExactly(409, 409, 409, 409, 429, 429, 429, 429);
        }
    }

    /** One write as a client saw it: the node, the user, the action and the status (-1: the connection broke). */
    record Seen(int node, String userId, String action, int status, String sequence) {
    }

    @Test
    void aNodeKilledDuringABurstLeavesHistoryStateAndMarksInAgreement() throws Exception {
        try (TestRealm realm = TestRealm.create(one, "cluster-kill")) {
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                users.add(realm.createUser("kill" + i, PASSWORD, Map.of()));
            }
            String tokenOne = apiToken(one, realm);
            String tokenTwo = apiToken(two, realm);
            List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        String userId = users.get(thread % users.size());
                        for (int i = 0; i < 12; i++) {
                            int node = (thread + i) % 2;
                            String action = i % 2 == 0 ? "deactivate" : "reactivate";
                            try {
                                Response answer = (node == 0 ? one : two).post(realm.api("/users/" + userId + "/" + action),
                                        node == 0 ? tokenOne : tokenTwo, "{}");
                                String sequence = answer.status() == 200
                                        ? answer.json().get("details").get("sequence").asText() : null;
                                seen.add(new Seen(node, userId, action, answer.status(), sequence));
                            } catch (java.io.UncheckedIOException broken) {
                                seen.add(new Seen(node, userId, action, -1, null));
                            }
                        }
                    }));
                }
                // kill it mid-burst: once a sixth of the 96 writes have answered
                Instant burstStarted = Instant.now();
                while (seen.size() < 16) {
                    assertThat(Duration.between(burstStarted, Instant.now())).as("the burst got going")
                            .isLessThan(Duration.ofSeconds(30));
                    Thread.sleep(20);
                }
                cluster.node(1).kill();
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            cluster.node(1).startAgain();
            two.resetAdmin();
            cluster.awaitView();

            assertThat(seen).allSatisfy(write -> assertThat(write.status()).as(write.toString()).isIn(-1, 200, 409));
            assertThat(seen).as("node 2 died during the burst").anyMatch(write -> write.status() == -1);
            for (String userId : users) {
                JsonNode history = one.get(realm.api("/users/" + userId + "/history"), one.adminToken()).json();
                java.util.Set<String> rows = new java.util.HashSet<>();
                history.forEach(row -> rows.add(row.get("sequence").asText() + "/" + row.get("toState").asText()));
                List<Seen> mine = seen.stream().filter(write -> write.userId().equals(userId)).toList();
                for (Seen write : mine) {
                    if (write.status() == 200) {
                        String toState = write.action().equals("deactivate") ? "DEACTIVATED" : "ACTIVE";
                        assertThat(rows).as("every 200 a client saw is in the history").contains(write.sequence() + "/" + toState);
                    }
                }
                long confirmed = mine.stream().filter(write -> write.status() == 200).count();
                long broken = mine.stream().filter(write -> write.status() == -1).count();
                assertThat((long) history.size()).as("rows beyond the 200s seen: only writes whose answer was lost")
                        .isBetween(confirmed, confirmed + broken);
                assertConsistent(realm, userId, history.size());
            }
        }
    }

    /** History numbered 1..n without gaps, n = the changes the clients saw, and the state, marks and last row agree. */
    static void assertConsistent(TestRealm realm, String userId, long changes) {
        JsonNode history = one.get(realm.api("/users/" + userId + "/history"), one.adminToken()).json();
        assertThat(history).hasSize((int) changes);
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).get("sequence").asText()).isEqualTo(Integer.toString(i + 1));
            if (i > 0) {
                assertThat(history.get(i).get("fromState").asText()).isEqualTo(history.get(i - 1).get("toState").asText());
            }
        }
        UserRepresentation user = one.admin().realm(realm.name()).users().get(userId).toRepresentation();
        boolean deactivated = history.isEmpty() ? false
                : history.get(history.size() - 1).get("toState").asText().equals("DEACTIVATED");
        assertThat(user.isEnabled()).isEqualTo(!deactivated);
        Map<String, List<String>> attributes = user.getAttributes() == null ? Map.of() : user.getAttributes();
        if (deactivated) {
            assertThat(attributes).containsEntry("accountDisabled", List.of("true"));
        } else {
            assertThat(attributes).doesNotContainKey("accountDisabled");
        }
    }

    private static Response refresh(TestClient client, TestRealm realm, String refreshToken) {
        return client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "refresh_token", "client_id", TestRealm.APP_CLIENT_ID, "refresh_token", refreshToken));
    }

    private static String clientUuid(TestClient client, TestRealm realm) {
        return client.admin().realm(realm.name()).clients().findByClientId(TestRealm.APP_CLIENT_ID).get(0).getId();
    }
}
