package io.github.accountdisabling.listener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccountDisablingEventListenerTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "users/abc, abc",
            "users/abc/reset-password, null",
            "users/abc/groups/g, null",
            "groups/abc, null",
            "users/, null",
            "null, null",
    })
    void onlyTheUserResourceItselfCounts(String path, String expected) {
        assertThat(AccountDisablingEventListener.userIdOf(path)).isEqualTo(expected);
    }
}
