package io.github.accountdisabling.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsParserTest {

    private static final AccountDisablingSettings CURRENT = new AccountDisablingSettings(false, 120);

    @Test
    void enabledOnlyKeepsTheCurrentRateLimit() {
        assertThat(SettingsParser.parseJson("{\"enabled\": true}", CURRENT))
                .isEqualTo(new AccountDisablingSettings(true, 120));
    }

    @Test
    void bothFieldsAreApplied() {
        assertThat(SettingsParser.parseJson("{\"enabled\": false, \"rateLimitPerMinute\": 0}", CURRENT.withEnabled(true)))
                .isEqualTo(new AccountDisablingSettings(false, 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"enabled\": true               | invalid_json",
            "not json                        | invalid_json",
            "[true]                          | invalid_json",
            "''                              | invalid_json",
            "{\"enabled\": true} {}          | invalid_json",
            "{\"enabled\": true, \"enabled\": false} | invalid_json",
            "{}                              | missing_field",
            "{\"enabled\": null}             | missing_field",
            "{\"enabled\": \"true\"}         | invalid_field",
            "{\"enabled\": 1}                | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": -1}     | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": \"10\"} | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": 1.5}    | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": 99999999999} | invalid_field",
            "{\"enabled\": true, \"enable\": true}               | unknown_field",
    })
    void refusesWithAStableCode(String body, String code) {
        assertThatThrownBy(() -> SettingsParser.parseJson(body, CURRENT))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void tabStringsAreReadCaseInsensitively() {
        assertThat(SettingsParser.parseStrings("TRUE", " 30 ", CURRENT))
                .isEqualTo(new AccountDisablingSettings(true, 30));
    }

    @Test
    void blankTabValuesKeepTheCurrentSettings() {
        assertThat(SettingsParser.parseStrings(null, "", CURRENT)).isEqualTo(CURRENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on"})
    void tabRefusesAmbiguousBooleans(String value) {
        assertThatThrownBy(() -> SettingsParser.parseStrings(value, null, CURRENT))
                .isInstanceOf(InvalidSettingsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "ten", "1e3"})
    void tabRefusesBadRateLimits(String value) {
        assertThatThrownBy(() -> SettingsParser.parseStrings("true", value, CURRENT))
                .isInstanceOf(InvalidSettingsException.class);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, false", "true, true", "TRUE, true", "false, false", "garbage, false"})
    void storedEnabledDefaultsToOff(String stored, boolean expected) {
        assertThat(AccountDisablingSettings.parseEnabled(stored)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, 600", "'', 600", "42, 42", "-3, 600", "x, 600", "0, 0"})
    void storedRateLimitFallsBackToTheDefault(String stored, int expected) {
        assertThat(AccountDisablingSettings.parseRateLimit(stored)).isEqualTo(expected);
    }
}
