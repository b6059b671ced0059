package io.github.accountdisabling.rest;

import io.github.accountdisabling.account.Refusal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodiesTest {

    @Test
    void reasonIsOptional() {
        assertThat(RequestBodies.reason("")).isEmpty();
        assertThat(RequestBodies.reason(null)).isEmpty();
        assertThat(RequestBodies.reason("{}")).isEmpty();
        assertThat(RequestBodies.reason("{\"reason\": null}")).isEmpty();
        assertThat(RequestBodies.reason("{\"reason\": \"fraud\"}")).isEqualTo("fraud");
    }

    @Test
    void activeIsRead() {
        assertThat(RequestBodies.active("{\"active\": false}")).isFalse();
        assertThat(RequestBodies.active("{\"active\": true}")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"reason\": 5}          | invalid_field",
            "{\"reason\": [\"a\"]}    | invalid_field",
            "{\"why\": \"a\"}         | unknown_field",
            "{\"reason\": \"a\"} x    | invalid_json",
            "\"fraud\"                | invalid_json",
    })
    void badReasonBodies(String body, String code) {
        assertThatThrownBy(() -> RequestBodies.reason(body)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.code()).isEqualTo(code);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                       | invalid_json",
            "{}                       | missing_field",
            "{\"active\": null}       | missing_field",
            "{\"active\": \"false\"}  | invalid_field",
            "{\"active\": 1}          | invalid_field",
            "{\"active\": true, \"x\": 1} | unknown_field",
            "{\"active\": true, \"active\": false} | invalid_json",
    })
    void badActiveBodies(String body, String code) {
        assertThatThrownBy(() -> RequestBodies.active(body)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.code()).isEqualTo(code);
        });
    }
}
