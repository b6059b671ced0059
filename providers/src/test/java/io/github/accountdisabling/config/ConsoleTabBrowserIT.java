package io.github.accountdisabling.config;

import io.github.accountdisabling.testing.Browser;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import org.junit.jupiter.api.Test;
import io.github.accountdisabling.testing.TestRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.keycloak.representations.idm.RealmRepresentation;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@KeycloakIntegrationTest
class ConsoleTabBrowserIT {

    @Test
    void adminSeesTheTabAndFlipsTheToggle(KeycloakServer server, TestClient client) {
        String realmName = "console-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(realmName);
        realm.setEnabled(true);
        client.admin().realms().create(realm);
        String configPath = "/admin/realms/" + realmName + "/account-disabling/config";
        try (Browser browser = new Browser()) {
            browser.open(server.baseUrl() + "/admin/master/console/#/" + realmName + "/realm-settings/"
                    + AccountDisablingTabFactory.ROUTE_TAB);
            browser.login(KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
            browser.awaitText("Enable account disabling");
            WebElement toggle = browser.await(By.cssSelector("label.pf-v5-c-switch[for='enabled']"));
            WebElement checkbox = browser.driver().findElement(By.id("enabled"));
            assertThat(checkbox.isSelected()).as("a new realm starts with the toggle off").isFalse();
            browser.screenshot("console-tab-off");

            toggle.click();
            browser.driver().findElement(By.cssSelector("[data-testid='save']")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> {
                Response config = client.get(configPath, client.adminToken());
                return config.status() == 200 && config.json().get("enabled").asBoolean();
            });
            browser.screenshot("console-tab-on");
            assertThat(client.admin().realm(realmName).toRepresentation().getAttributes())
                    .containsEntry("accountDisabling.enabled", "true");
        } finally {
            client.admin().realm(realmName).remove();
        }
    }

    @Test
    void theTabShowsWhatKcadmStoredAndSavingAnotherFieldKeepsIt(KeycloakServer server, TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "stale-tab")) {
            RealmRepresentation rep = realm.resource().toRepresentation();
            rep.getAttributes().put("accountDisabling.enabled", "false");
            realm.resource().update(rep);
            String configPath = realm.api("/config");
            try (Browser browser = new Browser()) {
                browser.open(server.baseUrl() + "/admin/master/console/#/" + realm.name() + "/realm-settings/"
                        + AccountDisablingTabFactory.ROUTE_TAB);
                browser.login(KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
                browser.awaitText("Enable account disabling");
                browser.await(By.cssSelector("label.pf-v5-c-switch[for='enabled']"));
                WebElement checkbox = browser.driver().findElement(By.id("enabled"));
                assertThat(checkbox.isSelected()).as("the tab shows the stored Off").isFalse();
                WebElement rateLimit = browser.driver().findElement(By.cssSelector(
                        "input[name$='rateLimitPerMinute'], input[id$='rateLimitPerMinute'], input[data-testid$='rateLimitPerMinute']"));
                rateLimit.sendKeys(Keys.chord(Keys.CONTROL, "a"), "42");
                browser.driver().findElement(By.cssSelector("[data-testid='save']")).click();
                new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d ->
                        client.get(configPath, client.adminToken()).json().get("rateLimitPerMinute").asInt() == 42);
                browser.screenshot("console-tab-after-kcadm");
            }
            Response config = client.get(configPath, client.adminToken());
            assertThat(config.json().get("enabled").asBoolean()).as("saving the rate limit kept the feature off").isFalse();
            assertThat(config.json().get("rateLimitPerMinute").asInt()).isEqualTo(42);
        }
    }

    @Test
    void theUserDetailsPageShowsTheAccountStatusReadOnly(KeycloakServer server, TestClient client) {
        try (TestRealm realm = TestRealm.create(client, "details-page")) {
            String aliceId = realm.userId("alice");
            Response deactivated = client.post(realm.api("/users/" + aliceId + "/deactivate"), realm.apiToken(),
                    TestClient.json(TestClient.map("reason", "Closed at her request")));
            assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
            try (Browser browser = new Browser()) {
                browser.open(server.baseUrl() + "/admin/master/console/#/" + realm.name() + "/users/" + aliceId
                        + "/settings");
                browser.login(KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
                browser.awaitText("Account status");
                WebElement reason = browser.await(By.cssSelector("#accountDisabledReason, "
                        + "[data-testid='accountDisabledReason'], [name='attributes.accountDisabledReason']"));
                WebElement by = browser.await(By.cssSelector("#accountDisabledByName, "
                        + "[data-testid='accountDisabledByName'], [name='attributes.accountDisabledByName']"));
                ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})", reason);
                browser.screenshot("user-details-account-status");
                assertThat(reason.getAttribute("value")).isEqualTo("Closed at her request");
                assertThat(by.getAttribute("value")).isEqualTo(TestClient.API_CLIENT_ID);
                assertThat(!reason.isEnabled() || reason.getAttribute("readonly") != null)
                        .as("the reason can't be edited on the Details page").isTrue();
            }
        }
    }
}
