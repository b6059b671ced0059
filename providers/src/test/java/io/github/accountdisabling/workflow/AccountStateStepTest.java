package io.github.accountdisabling.workflow;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AccountStateStepTest {

    private static ComponentModel step(int priority, String after) {
        ComponentModel step = new ComponentModel();
        step.put("priority", Integer.toString(priority));
        if (after != null) {
            step.put("after", after);
        }
        return step;
    }

    @Test
    void theDefaultReasonCountsEveryWaitUpToTheStep() {
        ComponentModel notify = step(1, "83d");
        ComponentModel deactivate = step(2, "7d");
        ComponentModel later = step(3, "30d");

        assertThat(AccountStateStep.waitedDays(deactivate, Stream.of(notify, deactivate, later))).contains(90L);
        assertThat(AccountStateStep.waitedDays(notify, Stream.of(notify, deactivate, later))).contains(83L);
    }

    @Test
    void durationsInKeycloaksFormatsAndNoWaitAtAll() {
        ComponentModel iso = step(1, "P30D");
        ComponentModel hours = step(2, "48h");
        assertThat(AccountStateStep.waitedDays(hours, Stream.of(iso, hours))).contains(32L);
        ComponentModel immediate = step(1, null);
        assertThat(AccountStateStep.waitedDays(immediate, Stream.of(immediate))).isEmpty();
        ComponentModel garbage = step(1, "soon");
        assertThat(AccountStateStep.waitedDays(garbage, Stream.of(garbage))).isEmpty();
    }
}
