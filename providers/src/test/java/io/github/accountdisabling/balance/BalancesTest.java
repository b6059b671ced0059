package io.github.accountdisabling.balance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BalancesTest {

    @Test
    void zeroInAnyNotationIsZero() {
        assertThat(Balances.anyNonZero(Map.of("USD", Balances.amount("USD", "0.00"),
                "EUR", Balances.amount("EUR", "-0"), "BTC", Balances.amount("BTC", "0E-8")))).isFalse();
    }

    @Test
    void anyNonZeroAmountCounts() {
        assertThat(Balances.anyNonZero(Map.of("USD", BigDecimal.ZERO, "BTC", new BigDecimal("0.00000001")))).isTrue();
        assertThat(Balances.anyNonZero(Map.of("USD", new BigDecimal("-5")))).as("debts count too").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ten", "1,00", "NaN", "0x10"})
    void anUnreadableAmountMakesTheBalanceUnknown(String text) {
        assertThatThrownBy(() -> Balances.amount("USD", text)).isInstanceOf(BalanceUnavailableException.class);
    }

    @Test
    void ledgerJsonTakesStringsAndNumbers() {
        assertThat(Balances.fromLedgerJson("{\"balances\": {\"USD\": \"0.00\", \"EUR\": 1.5}}"))
                .containsEntry("USD", new BigDecimal("0.00"))
                .containsEntry("EUR", new BigDecimal("1.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "{\"balances\": []}", "{\"balances\": {\"USD\": true}}",
            "{\"balances\": {\"USD\": null}}", "{\"balances\": {\"USD\": \"x\"}}", "<html>"})
    void aMalformedLedgerAnswerMakesTheBalanceUnknown(String body) {
        assertThatThrownBy(() -> Balances.fromLedgerJson(body)).isInstanceOf(BalanceUnavailableException.class);
    }
}
