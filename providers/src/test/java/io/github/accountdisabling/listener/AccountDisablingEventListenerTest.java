package io.github.accountdisabling.listener;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccountDisablingEventListenerTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "users/abc, abc, console",
            "scim/v2/Users/abc, abc, scim",
            "realms/r/scim/v2/Users/abc, abc, scim",
            "users/abc/reset-password, null, null",
            "users/abc/groups/g, null, null",
            "scim/v2/Groups/abc, null, null",
            "groups/abc, null, null",
            "users/, null, null",
            "null, null, null",
    })
    void onlyTheUserResourceItselfCounts(String path, String userId, String source) {
        AccountDisablingEventListener.UserChange change = AccountDisablingEventListener.userChangeOf(path);
        if (userId == null) {
            assertThat(change).isNull();
        } else {
            assertThat(change).isEqualTo(new AccountDisablingEventListener.UserChange(userId, source));
        }
    }
}
