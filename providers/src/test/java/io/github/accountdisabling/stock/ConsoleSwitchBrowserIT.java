package io.github.accountdisabling.stock;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.guard.BalanceGuardFactory;
import io.github.accountdisabling.account.DisabledAttributes;
import io.github.accountdisabling.testing.Browser;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.UserSnapshot;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole gesture in the admin console, in Chromium: type the reason to record, save, turn Enabled off, confirm.
 * Bob (a balance) is refused with the guard's message as the console's error alert and stays as he was; Alice is
 * deactivated with the typed reason.
 */
@KeycloakIntegrationTest
class ConsoleSwitchBrowserIT {

    private static final By REASON_FIELD = By.cssSelector("#" + DisabledAttributes.REASON_TO_RECORD
            + ", [data-testid='" + DisabledAttributes.REASON_TO_RECORD + "'], [name='attributes."
            + DisabledAttributes.REASON_TO_RECORD + "']");
    private static final By ENABLED_SWITCH = By.xpath(
            "//input[@aria-label='Enabled']/ancestor::label[contains(@class,'pf-v5-c-switch')]");
    private static final By SAVE = By.xpath("//button[normalize-space()='Save']");
    private static final By CONFIRM = By.cssSelector("[data-testid='confirm']");

    /** Opens the user's Details page, types the reason and saves. */
    private static void typeReasonAndSave(Browser browser, KeycloakServer server, TestRealm realm,
                                                   String userId, String username, String reason) {
        browser.open(server.baseUrl() + "/admin/master/console/#/" + realm.name() + "/users/" + userId + "/settings");
        browser.login(KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
        browser.awaitText("Account status");
        WebElement field = browser.await(REASON_FIELD);
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})", field);
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), reason);
        browser.driver().findElement(SAVE).click();
        browser.awaitText("The user has been saved");
        browser.screenshot("console-switch-reason-saved-" + username);
    }

    /** Turns the header's Enabled switch off and confirms the dialog. */
    private static void switchOff(Browser browser) {
        ((JavascriptExecutor) browser.driver()).executeScript("window.scrollTo(0, 0)");
        browser.await(ENABLED_SWITCH).click();
        browser.await(CONFIRM).click();
    }

    @Test
    void bobIsRefusedWithTheBalanceMessageAndAliceIsDeactivatedWithTheTypedReason(KeycloakServer server,
                                                                                  TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "console-switch")) {
            String bob = realm.userId("bob");
            UserSnapshot bobBefore;
            try (Browser browser = new Browser()) {
                typeReasonAndSave(browser, server, realm, bob, "bob", "Moving to another bank");
                // The save put the typed reason on the active user; the refused switch changes nothing after it.
                bobBefore = UserSnapshot.of(client, realm, bob);
                assertThat(bobBefore.attributes()).containsEntry(DisabledAttributes.REASON_TO_RECORD,
                        List.of("Moving to another bank"));
                switchOff(browser);
                browser.awaitText(BalanceGuardFactory.NON_ZERO_BALANCE_MESSAGE);
                browser.screenshot("console-switch-refused-bob");
            }
            UserRepresentation bobAfter = realm.user(bob).toRepresentation();
            assertThat(bobAfter.isEnabled()).isTrue();
            assertThat(UserSnapshot.of(client, realm, bob)).isEqualTo(bobBefore);
            assertThat(bobAfter.getAttributes()).doesNotContainKey(DisabledAttributes.DISABLED);

            String alice = realm.userId("alice");
            try (Browser browser = new Browser()) {
                typeReasonAndSave(browser, server, realm, alice, "alice", "Closed at her request");
                switchOff(browser);
                new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(20))
                        .until(d -> !realm.user(alice).toRepresentation().isEnabled());
                browser.screenshot("console-switch-deactivated-alice");
            }
            UserRepresentation aliceAfter = realm.user(alice).toRepresentation();
            assertThat(aliceAfter.isEnabled()).isFalse();
            assertThat(aliceAfter.getAttributes())
                    .containsEntry(DisabledAttributes.REASON, List.of("Closed at her request"))
                    .containsEntry(DisabledAttributes.SOURCE, List.of("console"))
                    .containsEntry(DisabledAttributes.BY_NAME, List.of(KeycloakServer.ADMIN_USERNAME));
            JsonNode history = client.get(realm.api("/users/" + alice + "/history"), client.adminToken()).json();
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("reason").asText()).isEqualTo("Closed at her request");
        }
    }
}
