package io.github.accountdisabling.notification;

import io.github.accountdisabling.config.Setting;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.github.accountdisabling.testing.TestClient.json;
import static io.github.accountdisabling.testing.TestClient.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Deactivation and reactivation e-mails through the realm's SMTP settings, against a real SMTP server on loopback. */
@KeycloakIntegrationTest
class NotificationIT {

    private static final String PASSWORD = "correct-horse-42";

    @Test
    void usersAreToldInTheirLanguageWithReasonAndContactInBothParts(TestClient client) throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (TestRealm realm = TestRealm.create(client, "notify", rep -> smtpAt(rep, port))) {
            String userId = realm.createUser("greta", PASSWORD, Map.of("locale", List.of("de")));

            // off by default: nothing is sent. What these two would have queued goes out before the first mail
            // once it is on, so that mail being the only one and carrying the later reason proves it.
            deactivate(client, realm, userId, "Probezeit beendet");
            reactivate(client, realm, userId);
            assertThat(smtp.getReceivedMessages()).isEmpty();

            RealmRepresentation rep = realm.resource().toRepresentation();
            rep.getAttributes().putAll(Map.of(Setting.NOTIFY_USERS.attribute(), "true",
                    Setting.NOTIFY_SHOW_REASON.attribute(), "true", Setting.SUPPORT_CONTACT.attribute(), "support@example.org"));
            realm.resource().update(rep);

            deactivate(client, realm, userId, "Kündigung zum Monatsende");
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            assertThat(smtp.getReceivedMessages()).as("nothing was queued while it was off").hasSize(1);
            MimeMessage deactivated = smtp.getReceivedMessages()[0];
            assertThat(deactivated.getAllRecipients()[0].toString()).isEqualTo("greta@example.org");
            assertThat(deactivated.getSubject()).contains("wurde deaktiviert");
            Map<String, String> parts = parts(deactivated);
            assertThat(parts).containsOnlyKeys("text/plain", "text/html");
            assertThat(parts.get("text/plain")).contains("wurde deaktiviert").contains("Grund: Kündigung zum Monatsende")
                    .contains("support@example.org").doesNotContain("Probezeit");
            assertThat(parts.get("text/html")).contains("wurde deaktiviert").contains("Kündigung zum Monatsende")
                    .contains("support@example.org");

            reactivate(client, realm, userId);
            assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
            MimeMessage reactivated = smtp.getReceivedMessages()[1];
            assertThat(reactivated.getSubject()).contains("wieder aktiviert");

            String englishUser = realm.createUser("henry", PASSWORD, Map.of());
            deactivate(client, realm, englishUser, "");
            assertThat(smtp.waitForIncomingEmail(10_000, 3)).isTrue();
            MimeMessage english = smtp.getReceivedMessages()[2];
            assertThat(english.getSubject()).contains("has been deactivated");
            assertThat(parts(english).get("text/plain")).doesNotContain("Reason:");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aUserCreatedInactiveThroughScimGetsNoEmailAndAHistoryWithoutAnEarlierState(TestClient client) throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (TestRealm realm = TestRealm.create(client, "notify-created", rep -> {
            smtpAt(rep, port);
            rep.getAttributes().put(Setting.NOTIFY_USERS.attribute(), "true");
        })) {
            TestClient.Response created = client.send("POST", "/realms/" + realm.name() + "/scim2/Users",
                    realm.apiToken(), "application/scim+json", "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                            + " \"userName\": \"ivy\", \"active\": false, \"name\": {\"givenName\": \"Ivy\", \"familyName\": \"Tester\"},"
                            + " \"emails\": [{\"value\": \"ivy@example.org\", \"primary\": true}]}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String ivy = created.json().get("id").asText();
            assertThat(realm.user(ivy).toRepresentation().isEnabled()).isFalse();
            com.fasterxml.jackson.databind.JsonNode history = client.get(realm.api("/users/" + ivy + "/history"),
                    client.adminToken()).json();
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("fromState").asText()).isEqualTo("NONE");
            assertThat(history.get(0).get("toState").asText()).isEqualTo("DEACTIVATED");

            // A deactivation after it is mailed: the only message, so none was queued for Ivy before it.
            String control = realm.createUser("jonas", PASSWORD, Map.of());
            deactivate(client, realm, control, "");
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            assertThat(smtp.getReceivedMessages()).as("Ivy's would have been queued first").hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("jonas@example.org");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aFailingSmtpServerNeitherBlocksNorUndoesTheDeactivation(KeycloakServer server, TestClient client) throws Exception {
        int closedPort = freePort();
        try (TestRealm realm = TestRealm.create(client, "notify-down", rep -> {
            smtpAt(rep, closedPort);
            rep.getAttributes().put(Setting.NOTIFY_USERS.attribute(), "true");
        })) {
            String userId = realm.createUser("ida", PASSWORD, Map.of());
            Instant start = Instant.now();
            Response response = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(), "{}");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(Duration.between(start, Instant.now())).as("the answer doesn't wait for the mail")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(realm.user(userId).toRepresentation().isEnabled()).isFalse();
            assertThat(client.get(realm.api("/users/" + userId + "/history"), client.adminToken()).json()).hasSize(1);
            Instant deadline = Instant.now().plusSeconds(15);
            while (server.logTail(300).stream().noneMatch(line -> line.contains("Could not send the account deactivation e-mail")
                    && line.contains(userId))) {
                assertThat(Instant.now()).as("the failure is logged").isBefore(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static void smtpAt(RealmRepresentation rep, int port) {
        rep.setSmtpServer(new HashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "from", "accounts@example.org", "fromDisplayName", "Accounts")));
        rep.setInternationalizationEnabled(true);
        rep.setSupportedLocales(java.util.Set.of("en", "de", "fr", "es"));
        rep.setDefaultLocale("en");
    }

    private static void deactivate(TestClient client, TestRealm realm, String userId, String reason) {
        Response response = client.post(realm.api("/users/" + userId + "/deactivate"), realm.apiToken(),
                json(map("reason", reason)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static void reactivate(TestClient client, TestRealm realm, String userId) {
        Response response = client.post(realm.api("/users/" + userId + "/reactivate"), realm.apiToken(), "{}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    /** The message's parts by content type. */
    private static Map<String, String> parts(MimeMessage message) throws Exception {
        Map<String, String> parts = new HashMap<>();
        collect(message.getContent(), message.getContentType(), parts);
        return parts;
    }

    private static void collect(Object content, String type, Map<String, String> parts) throws Exception {
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                collect(part.getContent(), part.getContentType(), parts);
            }
        } else {
            parts.put(type.split(";")[0].trim().toLowerCase(), String.valueOf(content));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
