package io.github.accountdisabling.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsParserTest {

    private static final AccountDisablingSettings CURRENT = AccountDisablingSettings.DEFAULTS.with(Setting.RATE_LIMIT_PER_MINUTE, "120");

    @Test
    void enabledOnlyKeepsEveryOtherField() {
        assertThat(SettingsParser.parseJson("{\"enabled\": true}", CURRENT)).isEqualTo(CURRENT.with(Setting.ENABLED, "true"));
    }

    @Test
    void anEmptyObjectChangesNothing() {
        assertThat(SettingsParser.parseJson("{}", CURRENT)).isEqualTo(CURRENT);
    }

    @Test
    void everyFieldIsApplied() {
        AccountDisablingSettings parsed = SettingsParser.parseJson("{\"enabled\": false, \"rateLimitPerMinute\": 0,"
                + " \"balanceSource\": \"http-ledger\", \"ledgerUrl\": \"http://127.0.0.1:9/ledger\","
                + " \"ledgerTimeoutMillis\": 250, \"notifyUsers\": true, \"notifyShowReason\": true,"
                + " \"supportContact\": \" help@example.org \", \"scimDelete\": \"delete\"}",
                CURRENT.with(Setting.ENABLED, "true"));
        assertThat(parsed.enabled()).isFalse();
        assertThat(parsed.rateLimitPerMinute()).isZero();
        assertThat(parsed.balanceSource()).isEqualTo("http-ledger");
        assertThat(parsed.ledgerUri()).hasHost("127.0.0.1");
        assertThat(parsed.ledgerTimeoutMillis()).isEqualTo(250);
        assertThat(parsed.notifyUsers()).isTrue();
        assertThat(parsed.notifyShowReason()).isTrue();
        assertThat(parsed.supportContact()).isEqualTo("help@example.org");
        assertThat(parsed.scimDeleteDeletes()).isTrue();
    }

    @Test
    void whatGetConfigGivesIsAcceptedBackUnchanged() throws Exception {
        AccountDisablingSettings settings = CURRENT.with(Setting.SUPPORT_CONTACT, "help@example.org")
                .with(Setting.NOTIFY_USERS, "true");
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(settings);
        assertThat(body).startsWith("{\"enabled\":false,\"rateLimitPerMinute\":120,").contains("\"notifyUsers\":true");
        assertThat(SettingsParser.parseJson(body, AccountDisablingSettings.DEFAULTS)).isEqualTo(settings);
    }

    @Test
    void theConsoleFormHasEverySettingOnce() {
        assertThat(Setting.consoleForm()).extracting(org.keycloak.provider.ProviderConfigProperty::getName)
                .containsExactly("enabled", "rateLimitPerMinute", "balanceSource", "ledgerUrl", "ledgerTimeoutMillis",
                        "notifyUsers", "notifyShowReason", "supportContact", "scimDelete");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"enabled\": true               | invalid_json",
            "not json                        | invalid_json",
            "[true]                          | invalid_json",
            "''                              | invalid_json",
            "{\"enabled\": true} {}          | invalid_json",
            "{\"enabled\": true, \"enabled\": false} | invalid_json",
            "{\"enabled\": null}             | invalid_field",
            "{\"enabled\": \"true\"}         | invalid_field",
            "{\"enabled\": 1}                | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": -1}     | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": \"10\"} | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": 1.5}    | invalid_field",
            "{\"enabled\": true, \"rateLimitPerMinute\": 99999999999} | invalid_field",
            "{\"enabled\": true, \"balanceSource\": \"ldap\"}    | invalid_field",
            "{\"enabled\": true, \"balanceSource\": 3}           | invalid_field",
            "{\"enabled\": true, \"balanceSource\": \"http-ledger\"} | invalid_field",
            "{\"enabled\": true, \"ledgerUrl\": \"ftp://x/\"}    | invalid_field",
            "{\"enabled\": true, \"ledgerUrl\": \"/relative\"}   | invalid_field",
            "{\"enabled\": true, \"ledgerTimeoutMillis\": 0}     | invalid_field",
            "{\"enabled\": true, \"ledgerTimeoutMillis\": 60001} | invalid_field",
            "{\"enabled\": true, \"enable\": true}               | unknown_field",
            "{\"notifyUsers\": \"true\"}                        | invalid_field",
            "{\"notifyShowReason\": null}                       | invalid_field",
            "{\"supportContact\": 5}                            | invalid_field",
            "{\"supportContact\": \"two\\nlines\"}              | invalid_field",
            "{\"scimDelete\": \"erase\"}                        | invalid_field",
            "{\"scimDelete\": \"DELETE\"}                       | invalid_field",
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
        assertThat(SettingsParser.parseStrings(Map.of("enabled", "TRUE", "rateLimitPerMinute", " 30 ")::get, CURRENT))
                .isEqualTo(CURRENT.with(Setting.ENABLED, "true").with(Setting.RATE_LIMIT_PER_MINUTE, "30"));
    }

    @Test
    void blankTabValuesKeepTheCurrentSettings() {
        Map<String, String> values = new HashMap<>();
        values.put("rateLimitPerMinute", "");
        assertThat(SettingsParser.parseStrings(values::get, CURRENT)).isEqualTo(CURRENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on"})
    void tabRefusesAmbiguousBooleans(String value) {
        assertThatThrownBy(() -> SettingsParser.parseStrings(Map.of("enabled", value)::get, CURRENT))
                .isInstanceOf(InvalidSettingsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "ten", "1e3"})
    void tabRefusesBadRateLimits(String value) {
        assertThatThrownBy(() -> SettingsParser.parseStrings(Map.of("rateLimitPerMinute", value)::get, CURRENT))
                .isInstanceOf(InvalidSettingsException.class);
    }

    @Test
    void tabRefusesALedgerSourceWithoutUrl() {
        assertThatThrownBy(() -> SettingsParser.parseStrings(Map.of("balanceSource", "http-ledger")::get, CURRENT))
                .isInstanceOf(InvalidSettingsException.class);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, false", "true, true", "TRUE, true", "' true ', true", "false, false",
            "garbage, false"})
    void storedEnabledDefaultsToOff(String stored, boolean expected) {
        assertThat(read(Setting.ENABLED, stored).enabled()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, 600", "'', 600", "42, 42", "-3, 600", "x, 600", "0, 0"})
    void storedRateLimitFallsBackToTheDefault(String stored, int expected) {
        assertThat(read(Setting.RATE_LIMIT_PER_MINUTE, stored).rateLimitPerMinute()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, 2000", "0, 2000", "99999, 2000", "500, 500"})
    void storedLedgerTimeoutFallsBackToTheDefault(String stored, int expected) {
        assertThat(read(Setting.LEDGER_TIMEOUT_MILLIS, stored).ledgerTimeoutMillis()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, false", "delete, true", "' delete ', true", "deactivate, false",
            "DELETE, false", "erase, false"})
    void storedScimDeleteDeletesOnlyWhenItSaysSo(String stored, boolean expected) {
        assertThat(read(Setting.SCIM_DELETE, stored).scimDeleteDeletes()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, attributes", "'', attributes", "http-ledger, http-ledger",
            "my-ledger, my-ledger"})
    void storedBalanceSourceKeepsAnInstalledProvidersId(String stored, String expected) {
        assertThat(read(Setting.BALANCE_SOURCE, stored).balanceSource()).isEqualTo(expected);
    }

    private static AccountDisablingSettings read(Setting setting, String stored) {
        return AccountDisablingSettings.DEFAULTS.with(setting, setting.type().read(stored, setting.defaultValue()));
    }
}
