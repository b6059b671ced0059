package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.testing.Browser;
import io.github.accountdisabling.testing.HttpLogin;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import io.github.accountdisabling.testing.Totp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What people meet on the login page, through both browser flows the realm config ships and through the flow the
 * installer ({@code POST …/flows}) makes from a realm's own browser flow.
 */
@KeycloakIntegrationTest
class LoginGateIT {

    private static final String PASSWORD = "correct-horse-42";
    private static final String OTP_SECRET = "otp-secret-of-the-login-gate-test";

    enum Flow {
        /** Keycloak's answers: the one-page form's, and the password form's in identity-first. */
        CLASSIC("browser-gated", "Invalid username or password."),
        IDENTITY_FIRST("browser-identity-first-gated", "Invalid password."),
        INSTALLED(null, "Invalid username or password.");

        final String alias;
        final String genericError;

        Flow(String alias, String genericError) {
            this.alias = alias;
            this.genericError = genericError;
        }
    }

    private static KeycloakServer server;
    private static TestClient client;
    private static final Map<Flow, TestRealm> REALMS = new EnumMap<>(Flow.class);

    @BeforeAll
    static void setUp(KeycloakServer keycloak, TestClient testClient) {
        server = keycloak;
        client = testClient;
        for (Flow flow : Flow.values()) {
            REALMS.put(flow, TestRealm.create(client, "login-" + flow.name().toLowerCase().replace('_', '-'), realm -> {
                realm.setRememberMe(true);
                if (flow.alias != null) {
                    realm.setBrowserFlow(flow.alias);
                } else {
                    // a realm with Keycloak's own flows only, as an operator's realm starts
                    realm.setAuthenticationFlows(null);
                    realm.setAuthenticatorConfig(null);
                    realm.setBrowserFlow(null);
                    realm.setDirectGrantFlow(null);
                    realm.setFirstBrokerLoginFlow(null);
                }
            }));
        }
        TestRealm installed = REALMS.get(Flow.INSTALLED);
        Response response = client.post(installed.api("/flows"), client.adminToken(), json(map("bind", true)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(installed.resource().toRepresentation().getBrowserFlow()).isEqualTo("browser-gated");
    }

    @AfterAll
    static void tearDown() {
        REALMS.values().forEach(TestRealm::close);
    }

    private static String authUrl(TestRealm realm) {
        return server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth?client_id="
                + TestRealm.APP_CLIENT_ID + "&redirect_uri="
                + URLEncoder.encode("http://127.0.0.1/callback", StandardCharsets.UTF_8) + "&response_type=code&scope=openid";
    }

    /** Types the credentials into whichever pages the flow shows. */
    private static void signIn(Browser browser, Flow flow, String username, String password) {
        if (flow != Flow.IDENTITY_FIRST) {
            browser.login(username, password);
        } else {
            browser.await(By.id("username")).sendKeys(username);
            browser.driver().findElement(By.id("kc-login")).click();
            browser.await(By.id("password")).sendKeys(password);
            browser.driver().findElement(By.id("kc-login")).click();
        }
    }

    private static HttpLogin.Page httpSignIn(TestRealm realm, Flow flow, String username, String password) {
        return httpSignIn(new HttpLogin(server.baseUrl()), realm, flow, username, password, false);
    }

    private static HttpLogin.Page httpSignIn(HttpLogin login, TestRealm realm, Flow flow, String username,
                                             String password, boolean rememberMe) {
        HttpLogin.Page page = login.start(realm.name(), TestRealm.APP_CLIENT_ID);
        Map<String, String> first = new java.util.HashMap<>(Map.of("username", username));
        if (rememberMe) {
            first.put("rememberMe", "on");
        }
        if (flow != Flow.IDENTITY_FIRST) {
            first.put("password", password);
            return login.submit(page, first);
        }
        HttpLogin.Page passwordPage = login.submit(page, first);
        assertThat(passwordPage.body()).as("every user name goes on to the password page").contains("id=\"password\"");
        return login.submit(passwordPage, Map.of("password", password));
    }

    /** Every error the page shows: the alert above the form and any field error. */
    private static String visibleError(Browser browser) {
        By errors = By.cssSelector(".pf-v5-c-alert__title, [id^='input-error'], #kc-feedback-text");
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    String text = texts(d.findElements(errors));
                    return text.isEmpty() ? null : text;
                });
    }

    private static String texts(List<WebElement> elements) {
        return elements.stream().map(WebElement::getText).map(String::trim).filter(t -> !t.isEmpty())
                .collect(Collectors.joining(" | "));
    }

    private static void deactivate(TestRealm realm, String userId, String reason) {
        Response response = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(),
                json(map("reason", reason)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static String fileName(Flow flow, String what) {
        return what + "-" + flow.name().toLowerCase().replace('_', '-');
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void deactivatedUserWithRightPasswordSeesTheDisabledPage(Flow flow) {
        TestRealm realm = REALMS.get(flow);
        String userId = realm.createUser("dora", PASSWORD, Map.of());
        deactivate(realm, userId, "Closed after a fraud review");
        try (Browser browser = new Browser()) {
            browser.open(authUrl(realm));
            signIn(browser, flow, "dora", PASSWORD);

            WebElement message = browser.await(By.id("account-disabled-message"));
            assertThat(message.getText()).contains("This account has been disabled");
            assertThat(browser.driver().findElement(By.id("account-disabled-reason")).getText())
                    .contains("Closed after a fraud review");
            if (flow != Flow.INSTALLED) {
                // the shipped gate's settings; the installer's gate has none until the operator sets them
                assertThat(browser.driver().findElement(By.id("account-disabled-support-contact")).getText())
                        .isEqualTo("support@example.org");
            }
            browser.screenshot(fileName(flow, "disabled-page"));
        }
        List<EventRepresentation> errors = realm.resource().getEvents(List.of("LOGIN_ERROR"), null, userId, null, null,
                null, 0, 20);
        assertThat(errors).extracting(EventRepresentation::getError).contains("user_disabled");
        assertThat(httpSignIn(realm, flow, "dora", PASSWORD).body()).contains("account-disabled-message");
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void wrongPasswordUnknownUserAndDisabledUserWithWrongPasswordLookTheSame(Flow flow) {
        TestRealm realm = REALMS.get(flow);
        realm.createUser("ella", PASSWORD, Map.of());
        String frozen = realm.createUser("fritz", PASSWORD, Map.of());
        deactivate(realm, frozen, "");

        String wrongPassword;
        String unknownUser;
        String disabledWrongPassword;
        try (Browser browser = new Browser()) {
            browser.open(authUrl(realm));
            signIn(browser, flow, "ella", "not-her-password");
            wrongPassword = visibleError(browser);
            browser.screenshot(fileName(flow, "generic-error"));
            browser.open(authUrl(realm));
            signIn(browser, flow, "nobody-" + flow.ordinal(), "whatever-password");
            unknownUser = visibleError(browser);
            browser.open(authUrl(realm));
            signIn(browser, flow, "fritz", "not-his-password");
            disabledWrongPassword = visibleError(browser);
        }
        assertThat(wrongPassword).contains(flow.genericError);
        assertThat(unknownUser).isEqualTo(wrongPassword);
        assertThat(disabledWrongPassword).isEqualTo(wrongPassword);

        HttpLogin.Page wrong = httpSignIn(realm, flow, "ella", "not-her-password");
        HttpLogin.Page unknown = httpSignIn(realm, flow, "nobody-else", "whatever-password");
        HttpLogin.Page disabled = httpSignIn(realm, flow, "fritz", "not-his-password");
        assertThat(unknown.status()).isEqualTo(wrong.status());
        assertThat(disabled.status()).isEqualTo(wrong.status());
        assertThat(wrong.body()).contains(flow.genericError).doesNotContain("account-disabled-message");
        assertThat(disabled.body()).contains(flow.genericError).doesNotContain("account-disabled-message");
        assertThat(unknown.body()).contains(flow.genericError).doesNotContain("account-disabled-message");
    }

    @org.junit.jupiter.api.Test
    void identityFirstPasswordPageLooksTheSameForEveryName() {
        TestRealm realm = REALMS.get(Flow.IDENTITY_FIRST);
        realm.createUser("ida", PASSWORD, Map.of());
        deactivate(realm, realm.createUser("ivan", PASSWORD, Map.of()), "");
        List<String> pages = new java.util.ArrayList<>();
        for (String name : List.of("ida", "ivan", "nobody-here")) {
            HttpLogin login = new HttpLogin(server.baseUrl());
            HttpLogin.Page passwordPage = login.submit(login.start(realm.name(), TestRealm.APP_CLIENT_ID),
                    Map.of("username", name));
            assertThat(passwordPage.status()).isEqualTo(200);
            assertThat(passwordPage.body()).contains("id=\"password\"").contains(name);
            pages.add(HttpLogin.visibleText(passwordPage.body(), name));
        }
        assertThat(pages.get(1)).as("deactivated account").isEqualTo(pages.get(0));
        assertThat(pages.get(2)).as("unknown name").isEqualTo(pages.get(0));
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void activeUserSignsIn(Flow flow) {
        TestRealm realm = REALMS.get(flow);
        realm.createUser("gina", PASSWORD, Map.of());
        HttpLogin.Page done = httpSignIn(realm, flow, "gina", PASSWORD);
        assertThat(done.status()).isEqualTo(302);
        try (Browser browser = new Browser()) {
            browser.open(authUrl(realm));
            signIn(browser, flow, "gina", PASSWORD);
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                    .until(d -> d.getCurrentUrl().startsWith("http://127.0.0.1/callback") && d.getCurrentUrl().contains("code="));
        }
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void accountConsoleUserIsSentToLoginWhenDeactivatedAndGetsTheSameProfileBack(Flow flow) {
        TestRealm realm = REALMS.get(flow);
        String userId = realm.createUser("hanna", PASSWORD, Map.of());
        String account = server.baseUrl() + "/realms/" + realm.name() + "/account/";
        try (Browser browser = new Browser()) {
            browser.open(account);
            signIn(browser, flow, "hanna", PASSWORD);
            WebElement firstName = browser.await(By.id("firstName"));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> "Hanna".equals(firstName.getAttribute("value")));
            String lastName = browser.driver().findElement(By.id("lastName")).getAttribute("value");
            String email = browser.driver().findElement(By.id("email")).getAttribute("value");

            deactivate(realm, userId, "Paused");
            browser.open(account);
            browser.await(By.id("username"));
            assertThat(browser.driver().getCurrentUrl()).contains("/protocol/openid-connect/auth");
            signIn(browser, flow, "hanna", PASSWORD);
            browser.await(By.id("account-disabled-message"));

            assertThat(client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(), "").status())
                    .isEqualTo(200);
            browser.open(account);
            signIn(browser, flow, "hanna", PASSWORD);
            WebElement again = browser.await(By.id("firstName"));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> "Hanna".equals(again.getAttribute("value")));
            assertThat(browser.driver().findElement(By.id("lastName")).getAttribute("value")).isEqualTo(lastName);
            assertThat(browser.driver().findElement(By.id("email")).getAttribute("value")).isEqualTo(email);
        }
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void userWithOtpIsAskedForTheCodeAndSignsInWithIt(Flow flow) {
        TestRealm realm = REALMS.get(flow);
        realm.createUserWithOtp("otto", PASSWORD, OTP_SECRET);
        HttpLogin login = new HttpLogin(server.baseUrl());
        HttpLogin.Page otpPage = httpSignIn(login, realm, flow, "otto", PASSWORD, false);
        assertThat(otpPage.status()).as("asked for the second factor, not signed in").isEqualTo(200);
        assertThat(otpPage.body()).contains("name=\"otp\"");

        HttpLogin.Page wrong = login.submit(otpPage, Map.of("otp", "000000".equals(Totp.now(OTP_SECRET)) ? "111111" : "000000"));
        assertThat(wrong.status()).isEqualTo(200);
        assertThat(wrong.body()).contains("name=\"otp\"");

        HttpLogin.Page done = login.submit(wrong, Map.of("otp", Totp.now(OTP_SECRET)));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(done.location()).startsWith("http://127.0.0.1/callback").contains("code=");
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void rememberMeGivesAPersistentIdentityCookie(Flow flow) {
        TestRealm realm = REALMS.get(flow);
        realm.createUser("rita", PASSWORD, Map.of());
        HttpLogin.Page remembered = httpSignIn(new HttpLogin(server.baseUrl()), realm, flow, "rita", PASSWORD, true);
        assertThat(remembered.status()).isEqualTo(302);
        assertThat(remembered.setCookie("KEYCLOAK_IDENTITY")).as("persistent cookie").contains("Max-Age=");

        HttpLogin.Page forgotten = httpSignIn(new HttpLogin(server.baseUrl()), realm, flow, "rita", PASSWORD, false);
        assertThat(forgotten.status()).isEqualTo(302);
        assertThat(forgotten.setCookie("KEYCLOAK_IDENTITY")).as("session cookie").isNotNull().doesNotContain("Max-Age=");
    }

    @ParameterizedTest
    @EnumSource(Flow.class)
    void loginHintPrefillsTheUserName(Flow flow) {
        HttpLogin.Page page = new HttpLogin(server.baseUrl()).start(REALMS.get(flow).name(), TestRealm.APP_CLIENT_ID,
                "&login_hint=hinted.user%40example.org");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"hinted.user@example.org\"");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"alice", "bob"})
    void demoUsersOpenTheAccountConsole(String username) {
        TestRealm realm = REALMS.get(Flow.CLASSIC);
        try (Browser browser = new Browser()) {
            browser.open(server.baseUrl() + "/realms/" + realm.name() + "/account/");
            browser.login(username, username + "-password");
            WebElement firstName = browser.await(By.id("firstName"));
            String expected = Character.toUpperCase(username.charAt(0)) + username.substring(1);
            new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> expected.equals(firstName.getAttribute("value")));
            assertThat(browser.driver().getPageSource()).doesNotContain("Something went wrong");
            browser.screenshot("account-console-" + username);
        }
    }
}
