package io.github.accountdisabling.authenticator;

import io.github.accountdisabling.testing.Browser;
import io.github.accountdisabling.testing.HttpLogin;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate's page in realms as operators have them: Keycloak's default user profile, Keycloak's own flows gated by
 * the installer, and a login theme that isn't the pack's: Keycloak's two, an organisation's own that extends
 * {@code keycloak.v2}, and themes that break the page, which must end on Keycloak's own page, never a 5xx.
 */
@KeycloakIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThemesIT {

    private static final String PASSWORD = "correct-horse-42";
    private static final String REASON = "Closed after a fraud review";
    private static final String SUPPORT = "help@acme.example";
    private static final String APP = "themed-app";
    private static final String CALLBACK = "http://127.0.0.1/callback";

    /** A realm's login theme, the locale of its deactivated user, and what the page says in that locale. */
    enum LoginTheme {
        KEYCLOAK_V2("keycloak.v2", "de", "/login/keycloak.v2/css/styles.css",
                "Dieses Konto wurde deaktiviert", "Grund:"),
        KEYCLOAK("keycloak", "fr", "/login/keycloak/css/login.css",
                "Ce compte a été désactivé", "Motif :"),
        CUSTOM("acme", "es", "/login/acme/css/acme.css",
                "Esta cuenta ha sido desactivada", "Motivo:");

        final String name;
        final String locale;
        final String ownStylesheet;
        final String disabledText;
        final String reasonLabel;

        LoginTheme(String name, String locale, String ownStylesheet, String disabledText, String reasonLabel) {
            this.name = name;
            this.locale = locale;
            this.ownStylesheet = ownStylesheet;
            this.disabledText = disabledText;
            this.reasonLabel = reasonLabel;
        }
    }

    private static KeycloakServer server;
    private static TestClient client;
    private static long logMark;
    private static final Map<LoginTheme, String> REALMS = new EnumMap<>(LoginTheme.class);
    private static String brokenPageRealm;
    private static String brokenErrorsRealm;

    @BeforeAll
    static void setUp(KeycloakServer keycloak, TestClient testClient) {
        server = keycloak;
        client = testClient;
        logMark = server.logMark();
        for (LoginTheme theme : LoginTheme.values()) {
            String realm = operatorRealm(theme.name);
            gateSupportContact(realm, SUPPORT);
            REALMS.put(theme, realm);
        }
        brokenPageRealm = operatorRealm("broken-page");
        brokenErrorsRealm = operatorRealm("broken-errors");
    }

    @AfterAll
    static void tearDown() {
        REALMS.values().forEach(realm -> client.admin().realm(realm).remove());
        client.admin().realm(brokenPageRealm).remove();
        client.admin().realm(brokenErrorsRealm).remove();
    }

    /**
     * A realm made the way an admin makes one (no demo settings, Keycloak's default user profile and flows) with the
     * given login theme and four locales, then the pack turned on and the installer's gated flows bound, as the
     * README's install steps say.
     */
    private static String operatorRealm(String loginTheme) {
        String name = "theme-" + loginTheme.replace('.', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        rep.setLoginTheme(loginTheme);
        rep.setInternationalizationEnabled(true);
        rep.setSupportedLocales(Set.of("en", "de", "fr", "es"));
        rep.setDefaultLocale("en");
        ClientRepresentation app = new ClientRepresentation();
        app.setClientId(APP);
        app.setPublicClient(true);
        app.setStandardFlowEnabled(true);
        app.setRedirectUris(List.of(CALLBACK));
        rep.setClients(List.of(app));
        client.admin().realms().create(rep);
        Response on = client.put(api(name, "/config"), client.adminToken(), json(map("enabled", true)));
        assertThat(on.status()).as(on.toString()).isEqualTo(204);
        Response installed = client.post(api(name, "/flows"), client.adminToken(), json(map("bind", true)));
        assertThat(installed.status()).as(installed.toString()).isEqualTo(200);
        return name;
    }

    private static String api(String realm, String path) {
        return "/admin/realms/" + realm + "/account-disabling" + path;
    }

    /** Sets the support contact on the installed gate's execution, as an admin does on its Settings. */
    private static void gateSupportContact(String realm, String contact) {
        RealmResource resource = client.admin().realm(realm);
        String flow = resource.toRepresentation().getBrowserFlow();
        AuthenticationExecutionInfoRepresentation gate = resource.flows().getExecutions(flow).stream()
                .filter(e -> AuthenticatorFactories.GATE.equals(e.getProviderId())).findFirst().orElseThrow();
        AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
        config.setAlias("gate-" + UUID.randomUUID().toString().substring(0, 8));
        config.setConfig(Map.of(AccountDisabledGate.GateConfig.SUPPORT_CONTACT, contact));
        resource.flows().newExecutionConfig(gate.getId(), config).close();
    }

    /** A user with a password and a preferred locale, deactivated through the pack's API with {@link #REASON}. */
    private static String deactivatedUser(String realm, String username, String locale) {
        String id = user(realm, username, locale);
        Response response = client.post(api(realm, "/users/" + id + "/deactivate"), client.adminToken(),
                json(map("reason", REASON)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return id;
    }

    private static String user(String realm, String username, String locale) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.org");
        user.setFirstName("Test");
        user.setLastName("User");
        user.setEnabled(true);
        user.setAttributes(Map.of("locale", List.of(locale)));
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        try (var created = client.admin().realm(realm).users().create(user)) {
            return CreatedResponseUtil.getCreatedId(created);
        }
    }

    private static HttpLogin.Page httpSignIn(String realm, String username, String password) {
        HttpLogin login = new HttpLogin(server.baseUrl());
        return login.submit(login.start(realm, APP), Map.of("username", username, "password", password));
    }

    @ParameterizedTest
    @Order(1)
    @EnumSource(LoginTheme.class)
    void deactivatedUserWithRightPasswordSeesTheDisabledPageInTheRealmsThemeAndOwnLocale(LoginTheme theme) {
        String realm = REALMS.get(theme);
        deactivatedUser(realm, "dora", theme.locale);
        try (Browser browser = new Browser()) {
            browser.open(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=" + APP
                    + "&redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8)
                    + "&response_type=code&scope=openid");
            browser.login("dora", PASSWORD);
            assertThat(browser.await(By.id("account-disabled-message")).getText()).contains(theme.disabledText);
            assertThat(browser.driver().findElement(By.id("account-disabled-reason")).getText())
                    .contains(theme.reasonLabel).contains(REASON);
            assertThat(browser.driver().findElement(By.id("account-disabled-support-contact")).getText())
                    .isEqualTo(SUPPORT);
            assertThat(browser.driver().getPageSource()).as("laid out by the realm's own theme")
                    .contains(theme.ownStylesheet);
            browser.screenshot("disabled-page-theme-" + theme.name);
        }
        HttpLogin.Page page = httpSignIn(realm, "dora", PASSWORD);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("account-disabled-message").contains(theme.ownStylesheet);
    }

    @ParameterizedTest
    @Order(1)
    @EnumSource(LoginTheme.class)
    void wrongPasswordOfADeactivatedUserGetsTheGenericError(LoginTheme theme) {
        String realm = REALMS.get(theme);
        user(realm, "active", "en");
        deactivatedUser(realm, "frozen", "en");
        HttpLogin.Page activeWrong = httpSignIn(realm, "active", "not-the-password");
        assertThat(activeWrong.body()).contains("Invalid username or password.").contains(theme.ownStylesheet);
        String generic = HttpLogin.visibleText(activeWrong.body(), "active");
        for (String name : List.of("frozen", "nobody")) {
            HttpLogin.Page page = httpSignIn(realm, name, "not-the-password");
            assertThat(page.status()).as(name).isEqualTo(activeWrong.status());
            assertThat(HttpLogin.visibleText(page.body(), name)).as(name).isEqualTo(generic);
            assertThat(page.body()).doesNotContain("account-disabled-message");
        }
    }

    @Test
    @Order(1)
    void aThemeThatCantRenderThePageGetsKeycloaksOwnDisabledAccountPage() {
        deactivatedUser(brokenPageRealm, "dora", "en");
        HttpLogin.Page page = httpSignIn(brokenPageRealm, "dora", PASSWORD);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("Account is disabled, contact your administrator.")
                .doesNotContain("account-disabled-message");
        assertThat(server.logSince(logMark)).anyMatch(line -> line.contains("could not render account-disabled.ftl"));
    }

    @Test
    @Order(1)
    void aThemeThatCantRenderEvenItsErrorPageGetsAPlain403() {
        deactivatedUser(brokenErrorsRealm, "dora", "en");
        HttpLogin.Page page = httpSignIn(brokenErrorsRealm, "dora", PASSWORD);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).isEqualTo("Account is disabled.");
    }

    @Test
    @Order(2)
    void noRequestOfTheseTestsGotA5xx() {
        assertThat(server.logSince(logMark)).as("the access log is on").anyMatch(line -> line.contains("\"POST /realms/"));
        assertThat(server.serverErrorsSince(logMark)).isEmpty();
    }
}
