package io.github.accountdisabling.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@KeycloakIntegrationTest
class ConcurrentDeactivationIT {

    private static final int CALLS = 50;

    @Test
    void fiftyConcurrentCallsOnOneUserLeaveAConsistentStateAndAGaplessHistory(TestClient client) throws Exception {
        try (TestRealm realm = TestRealm.create(client, "concurrent")) {
            String userId = realm.createUser("racer", "correct-horse-42", Map.of("balance.USD", List.of("0.00")));
            String token = realm.apiToken();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(CALLS);
            List<Future<Response>> calls = new ArrayList<>();
            try {
                for (int i = 0; i < CALLS; i++) {
                    String action = i % 2 == 0 ? "deactivate" : "reactivate";
                    Callable<Response> call = () -> {
                        start.await();
                        return client.post(realm.api("/users/" + userId + "/" + action), token, "");
                    };
                    calls.add(pool.submit(call));
                }
                start.countDown();
                List<Response> responses = new ArrayList<>();
                for (Future<Response> call : calls) {
                    responses.add(call.get());
                }

                assertThat(responses).allSatisfy(response ->
                        assertThat(response.status()).as(response.toString()).isIn(200, 409));
                List<Response> successes = responses.stream().filter(r -> r.status() == 200).toList();
                assertThat(successes).as("at least the first deactivation succeeds").isNotEmpty();

                JsonNode history = client.get(realm.api("/users/" + userId + "/history"), token).json();
                assertThat(history).hasSize(successes.size());
                assertThat(IntStream.range(0, history.size()).mapToObj(i -> history.get(i).get("sequence").asText()))
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, history.size()).mapToObj(Integer::toString).toList());
                for (int i = 0; i < history.size(); i++) {
                    assertThat(history.get(i).get("toState").asText()).as("row %d alternates: %s", i + 1, history)
                            .isEqualTo(i % 2 == 0 ? "DEACTIVATED" : "ACTIVE");
                }
                assertThat(successes).extracting(r -> r.json().get("details").get("sequence").asText())
                        .doesNotHaveDuplicates()
                        .hasSize(history.size());

                String lastState = history.get(history.size() - 1).get("toState").asText();
                JsonNode state = client.get(realm.api("/users/" + userId), token).json();
                assertThat(state.get("state").asText()).isEqualTo(lastState);
                assertThat(realm.user(userId).toRepresentation().isEnabled()).isEqualTo("ACTIVE".equals(lastState));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
