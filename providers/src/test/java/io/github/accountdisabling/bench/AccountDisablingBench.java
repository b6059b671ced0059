package io.github.accountdisabling.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.HttpLogin;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pack's costs against stock Keycloak, measured side by side on one server in one run ({@code ./mvnw -B verify
 * -Pbench}). "Stock" is a realm on the same server that uses Keycloak's own flows and no pack listener. Prints a
 * table and writes {@code target/bench/results.csv}. Nothing here asserts a speed: the numbers are for people.
 */
@KeycloakIntegrationTest
class AccountDisablingBench {

    private static final String PASSWORD = "bench-password-1";
    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
    private static final int[] OWN_SESSIONS = {1, 10, 100, 1000};
    private static final int[] REALM_SIZES = {1_000, 10_000, 100_000};
    private static final int USERS_WITH_SESSIONS = 500;
    private static final int REPEATS = 3;
    /** Login and pair variants take turns: unmeasured rounds, then measured rounds, of one slice per variant. */
    private static final Duration SLICE = Duration.ofSeconds(Integer.getInteger("bench.sliceSeconds", 5));
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warmupRounds", 4);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    /** Which sections run: any of logins, pairs, lockout, sessions, realm-size, list, bulk, groups (all by default). */
    private static final List<String> SECTIONS = List.of(
            System.getProperty("bench.sections", "logins,pairs,lockout,sessions,realm-size,list,bulk,groups").split(","));
    /** Users per variant and round in the bulk section, each holding one session. */
    private static final int BULK_USERS = Integer.getInteger("bench.bulkUsers", 1000);
    private static final int BULK_ROUNDS = Integer.getInteger("bench.bulkRounds", 2);
    /** Attempts per variant in the lockout section, taken in turns. */
    private static final int LOCKOUT_ATTEMPTS = Integer.getInteger("bench.lockoutAttempts", 40);

    private final List<String> csv = new ArrayList<>(List.of("section,variant,parameter,value,unit"));
    private final StringBuilder table = new StringBuilder();
    private TestClient client;
    private KeycloakServer server;

    @Test
    void measure(KeycloakServer keycloak, TestClient testClient) throws Exception {
        server = keycloak;
        client = testClient;
        line("Machine: %d cores, %s memory; Keycloak %s; %d client threads", Runtime.getRuntime().availableProcessors(),
                memory(), System.getProperty("kc.version", "26.7.4"), THREADS);
        line("Logins and pairs: variants take turns, %d unmeasured then %d measured rounds of %ds each; "
                + "list: %ds warm-up, %ds measured", WARM_UP_ROUNDS, ROUNDS, SLICE.toSeconds(), WARM_UP.toSeconds(),
                MEASURE.toSeconds());
        try (TestRealm gate = TestRealm.create(client, "bench-gate", this::noRateLimit);
             TestRealm stock = TestRealm.create(client, "bench-stock", this::stockRealm)) {
            if (SECTIONS.contains("logins")) {
                logins(gate, stock);
            }
            if (SECTIONS.contains("pairs")) {
                scimPairs(gate, stock);
            }
        }
        if (SECTIONS.contains("lockout")) {
            lockoutTiming();
        }
        try (TestRealm sessions = TestRealm.create(client, "bench-sessions", realm -> {
            noRateLimit(realm);
            cheapHashing(realm);
            realm.setEventsListeners(List.of("jboss-logging"));
        })) {
            String packUser = sessions.createUser("owner-pack", PASSWORD, Map.of());
            String stockUser = sessions.createUser("owner-stock", PASSWORD, Map.of());
            if (SECTIONS.contains("sessions")) {
                deactivationByOwnSessions(sessions, packUser, stockUser);
            }
            if (SECTIONS.contains("realm-size")) {
                deactivationByRealmSize(sessions, packUser, stockUser);
            }
            if (SECTIONS.contains("list")) {
                scimListOverLargeRealm(sessions);
            }
            if (SECTIONS.contains("bulk")) {
                bulkDeactivation(sessions);
            }
            if (SECTIONS.contains("groups")) {
                groupMembership(sessions);
            }
        }
        Path dir = Path.of("target", "bench");
        Files.createDirectories(dir);
        Files.write(dir.resolve("results.csv"), csv);
        Files.writeString(dir.resolve("results.txt"), table);
        System.out.println(table);
        assertThat(csv).as("one row per measured value besides the header").hasSizeGreaterThan(1);
    }

    // ---- 1. logins --------------------------------------------------------------------------------------------

    private void logins(TestRealm gate, TestRealm stock) throws Exception {
        for (TestRealm realm : List.of(gate, stock)) {
            for (int i = 0; i < THREADS; i++) {
                realm.createUser("load-" + i, PASSWORD, Map.of());
            }
        }
        line("");
        line("1. Logins (realm default password hashing, which dominates the cost)");
        line("%-42s %10s %10s %10s %8s", "variant", "logins/s", "p50 ms", "p99 ms", "errors");
        List<Load.Result> results = compare("logins", List.of(
                new Load.Variant("direct grant, pack flow", directGrant(gate)),
                new Load.Variant("direct grant, stock flow", directGrant(stock)),
                new Load.Variant("auth code, pack classic flow", browserLogin(gate)),
                new Load.Variant("auth code, stock browser flow", browserLogin(stock))));
        double directPack = results.get(0).perSecond();
        double directStock = results.get(1).perSecond();
        double browserPack = results.get(2).perSecond();
        double browserStock = results.get(3).perSecond();
        ratio("logins", "direct grant pack/stock", directPack / directStock);
        ratio("logins", "auth code pack/stock", browserPack / browserStock);
    }

    /** Runs the variants in turns (see {@link Load#interleaved}) and reports each. */
    private List<Load.Result> compare(String section, List<Load.Variant> variants) throws Exception {
        List<Load.Result> results = Load.interleaved(variants, THREADS, SLICE, WARM_UP_ROUNDS, ROUNDS);
        results.forEach(result -> report(section, result));
        return results;
    }

    private Load.Operation directGrant(TestRealm realm) {
        String path = "/realms/" + realm.name() + "/protocol/openid-connect/token";
        return (worker, i) -> client.postForm(path, Map.of(
                "grant_type", "password", "client_id", TestRealm.APP_CLIENT_ID, "username", "load-" + worker,
                "password", PASSWORD, "scope", "openid")).status() == 200;
    }

    private Load.Operation browserLogin(TestRealm realm) {
        return (worker, i) -> {
            HttpLogin login = new HttpLogin(server.baseUrl());
            HttpLogin.Page form = login.start(realm.name(), TestRealm.APP_CLIENT_ID);
            return login.submit(form, Map.of("username", "load-" + worker, "password", PASSWORD)).status() == 302;
        };
    }

    // ---- 1b. what a locked account's answer costs ------------------------------------------------------------

    /**
     * A locked account must cost a password hash like an unknown user, or locking an account and then probing tells
     * that it exists. Attempts of the variants are taken in turns, one at a time, so they meet the same machine.
     */
    private void lockoutTiming() throws Exception {
        Consumer<RealmRepresentation> bruteForce = rep -> {
            rep.setBruteForceProtected(true);
            rep.setFailureFactor(3);
            rep.setWaitIncrementSeconds(3600);
            rep.setMaxFailureWaitSeconds(3600);
        };
        try (TestRealm pack = TestRealm.create(client, "bench-lockout", bruteForce.andThen(this::noRateLimit));
             TestRealm stock = TestRealm.create(client, "bench-lockout-stock", bruteForce.andThen(this::stockRealm))) {
            record Attempt(String name, TestRealm realm, String username, String password) {
            }
            List<Attempt> attempts = new ArrayList<>();
            for (TestRealm realm : List.of(pack, stock)) {
                String variant = realm == pack ? "pack" : "stock";
                realm.createUser("locked-active", PASSWORD, Map.of());
                String deactivated = realm.createUser("locked-deactivated", PASSWORD, Map.of());
                Response response = client.post(realm.api("/users/" + deactivated + "/deactivate"), client.adminToken(), "");
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                for (String username : List.of("locked-active", "locked-deactivated")) {
                    for (int i = 0; i < 6; i++) {
                        formLogin(realm, username, "wrong-" + i);
                    }
                    String id = realm.userId(username);
                    Instant deadline = Instant.now().plusSeconds(30);
                    while (!Boolean.TRUE.equals(realm.resource().attackDetection().bruteForceUserStatus(id).get("disabled"))) {
                        assertThat(Instant.now()).as("%s locked in %s", username, variant).isBefore(deadline);
                        Thread.sleep(100);
                    }
                }
                attempts.add(new Attempt(variant + ": unknown user", realm, "unknown-user", PASSWORD));
                attempts.add(new Attempt(variant + ": locked active, right password", realm, "locked-active", PASSWORD));
                attempts.add(new Attempt(variant + ": locked deactivated, right password", realm, "locked-deactivated", PASSWORD));
            }
            line("");
            line("1b. Answer time by account, direct grant and classic form (median of %d attempts each, all in turns)",
                    LOCKOUT_ATTEMPTS);
            line("%-42s %14s %14s", "account", "grant p50 ms", "form p50 ms");
            Map<Attempt, List<Long>> grant = new java.util.LinkedHashMap<>();
            Map<Attempt, List<Long>> form = new java.util.LinkedHashMap<>();
            attempts.forEach(a -> {
                grant.put(a, new ArrayList<>());
                form.put(a, new ArrayList<>());
            });
            for (int round = -5; round < LOCKOUT_ATTEMPTS; round++) {
                for (Attempt attempt : attempts) {
                    long start = System.nanoTime();
                    client.postForm("/realms/" + attempt.realm().name() + "/protocol/openid-connect/token", Map.of(
                            "grant_type", "password", "client_id", TestRealm.APP_CLIENT_ID,
                            "username", attempt.username(), "password", attempt.password()));
                    long grantNanos = System.nanoTime() - start;
                    long formNanos = formLogin(attempt.realm(), attempt.username(), attempt.password());
                    if (round >= 0) {
                        grant.get(attempt).add(grantNanos);
                        form.get(attempt).add(formNanos);
                    }
                }
            }
            Map<String, Double> formMedians = new java.util.HashMap<>();
            Map<String, Double> grantMedians = new java.util.HashMap<>();
            for (Attempt attempt : attempts) {
                double grantMillis = Load.medianMillis(grant.get(attempt));
                double formMillis = Load.medianMillis(form.get(attempt));
                grantMedians.put(attempt.name(), grantMillis);
                formMedians.put(attempt.name(), formMillis);
                line("%-42s %14.1f %14.1f", attempt.name(), grantMillis, formMillis);
                csv.add("lockout," + attempt.name() + ",grant-p50," + grantMillis + ",ms");
                csv.add("lockout," + attempt.name() + ",form-p50," + formMillis + ",ms");
            }
            for (String variant : List.of("pack", "stock")) {
                ratio("lockout", variant + " form locked deactivated/unknown",
                        formMedians.get(variant + ": locked deactivated, right password") / formMedians.get(variant + ": unknown user"));
                ratio("lockout", variant + " form locked active/unknown",
                        formMedians.get(variant + ": locked active, right password") / formMedians.get(variant + ": unknown user"));
                ratio("lockout", variant + " grant locked deactivated/unknown",
                        grantMedians.get(variant + ": locked deactivated, right password") / grantMedians.get(variant + ": unknown user"));
            }
        }
    }

    /** One classic-form submission; returns how long the submission took, in nanoseconds. */
    private long formLogin(TestRealm realm, String username, String password) {
        HttpLogin login = new HttpLogin(server.baseUrl());
        HttpLogin.Page page = login.start(realm.name(), TestRealm.APP_CLIENT_ID);
        long start = System.nanoTime();
        login.submit(page, Map.of("username", username, "password", password));
        return System.nanoTime() - start;
    }

    // ---- 2. disable + enable pairs ----------------------------------------------------------------------------

    private void scimPairs(TestRealm gate, TestRealm stock) throws Exception {
        List<String> gateUsers = new ArrayList<>();
        List<String> stockUsers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            gateUsers.add(gate.createUser("pair-" + i, PASSWORD, Map.of("balance.USD", List.of("0"))));
            stockUsers.add(stock.createUser("pair-" + i, PASSWORD, Map.of()));
        }
        line("");
        line("2. Disable + enable pairs (each pair is two requests)");
        line("%-42s %10s %10s %10s %8s", "variant", "pairs/s", "p50 ms", "p99 ms", "errors");
        // Every variant calls with its realm's API service account, as a provisioning back end would.
        String patch = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": "
                + "[{\"op\": \"replace\", \"path\": \"active\", \"value\": %s}]}";
        Load.Operation scim = withFreshToken(gate, (token, worker) -> {
            String path = "/realms/" + gate.name() + "/scim2/Users/" + gateUsers.get(worker);
            return client.send("PATCH", path, token, "application/scim+json", String.format(patch, false)).status() == 200
                    && client.send("PATCH", path, token, "application/scim+json", String.format(patch, true)).status() == 200;
        });
        Load.Operation rest = withFreshToken(gate, (token, worker) -> {
            String path = gate.api("/users/" + gateUsers.get(worker));
            return client.post(path + "/deactivate", token, "").status() == 200
                    && client.post(path + "/reactivate", token, "").status() == 200;
        });
        Load.Operation plain = withFreshToken(stock, (token, worker) -> {
            String path = "/admin/realms/" + stock.name() + "/users/" + stockUsers.get(worker);
            return client.put(path, token, "{\"enabled\": false}").status() == 204
                    && client.put(path, token, "{\"enabled\": true}").status() == 204;
        });
        // Keycloak's own PUT in a realm where the pack is on: the pack decides it (guards, marks, history, revocation).
        Load.Operation decided = withFreshToken(gate, (token, worker) -> {
            String path = "/admin/realms/" + gate.name() + "/users/" + gateUsers.get(worker);
            return client.put(path, token, "{\"enabled\": false}").status() == 204
                    && client.put(path, token, "{\"enabled\": true}").status() == 204;
        });
        // The same admin API calls with the cluster-wide rate limit counting (a limit no run reaches).
        try (TestRealm limited = TestRealm.create(client, "bench-limited", realm -> realm.getAttributes()
                .put("accountDisabling.rateLimitPerMinute", Integer.toString(Integer.MAX_VALUE)))) {
            List<String> limitedUsers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                limitedUsers.add(limited.createUser("pair-" + i, PASSWORD, Map.of("balance.USD", List.of("0"))));
            }
            Load.Operation counted = withFreshToken(limited, (token, worker) -> {
                String path = limited.api("/users/" + limitedUsers.get(worker));
                return client.post(path + "/deactivate", token, "").status() == 200
                        && client.post(path + "/reactivate", token, "").status() == 200;
            });
            List<Load.Result> results = compare("pairs", List.of(
                    new Load.Variant("SCIM PATCH active, pack", scim),
                    new Load.Variant("admin API deactivate/reactivate, pack", rest),
                    new Load.Variant("admin PUT enabled, stock", plain),
                    new Load.Variant("admin PUT enabled, decided by the pack", decided),
                    new Load.Variant("admin API deactivate/reactivate, rate limit on", counted)));
            ratio("pairs", "SCIM pack/stock PUT", results.get(0).perSecond() / results.get(2).perSecond());
            ratio("pairs", "admin API pack/stock PUT", results.get(1).perSecond() / results.get(2).perSecond());
            ratio("pairs", "stock PUT decided by the pack/stock PUT", results.get(3).perSecond() / results.get(2).perSecond());
            ratio("pairs", "admin API rate limit on/off", results.get(4).perSecond() / results.get(1).perSecond());
        }
    }

    private interface TokenOperation {
        boolean run(String token, int worker) throws Exception;
    }

    /** Calls with the realm's API token, fetched anew once a minute so that no slice meets an expired one. */
    private static Load.Operation withFreshToken(TestRealm realm, TokenOperation operation) {
        RenewedToken token = new RenewedToken(realm);
        return (worker, i) -> operation.run(token.get(), worker);
    }

    private static final class RenewedToken {
        private final TestRealm realm;
        private String value;
        private long fetchedAt;

        RenewedToken(TestRealm realm) {
            this.realm = realm;
        }

        synchronized String get() {
            long now = System.nanoTime();
            if (value == null || now - fetchedAt > Duration.ofMinutes(1).toNanos()) {
                value = realm.apiToken();
                fetchedAt = now;
            }
            return value;
        }
    }

    // ---- 3. deactivation latency ------------------------------------------------------------------------------

    private void deactivationByOwnSessions(TestRealm realm, String packUser, String stockUser) throws Exception {
        line("");
        line("3a. Deactivation latency by the user's own sessions (median of %d)", REPEATS);
        line("%-12s %18s %28s %8s", "sessions", "pack deactivate ms", "stock disable+logout ms", "ratio");
        for (int sessions : OWN_SESSIONS) {
            List<Long> pack = new ArrayList<>();
            List<Long> plain = new ArrayList<>();
            for (int r = 0; r < REPEATS; r++) {
                openSessions(realm, "owner-pack", sessions);
                pack.add(timePackDeactivation(realm, packUser));
                openSessions(realm, "owner-stock", sessions);
                plain.add(timeStockDisable(realm, stockUser));
            }
            double p = Load.medianMillis(pack);
            double s = Load.medianMillis(plain);
            line("%-12d %18.1f %28.1f %8.2f", sessions, p, s, p / s);
            csv.add("own-sessions,pack," + sessions + "," + p + ",ms");
            csv.add("own-sessions,stock," + sessions + "," + s + ",ms");
        }
    }

    private void deactivationByRealmSize(TestRealm realm, String packUser, String stockUser) throws Exception {
        line("");
        line("3b. Deactivation latency (user with 10 sessions) by realm size, %d other users holding a session", USERS_WITH_SESSIONS);
        line("%-12s %18s %28s %8s", "users", "pack deactivate ms", "stock disable+logout ms", "ratio");
        List<String> holders = new ArrayList<>();
        for (int i = 0; i < USERS_WITH_SESSIONS; i++) {
            holders.add("holder-" + i);
        }
        importUsers(realm, holders, true, 0);
        parallel(holders, username -> login(realm, username));
        int imported = 0;
        for (int size : REALM_SIZES) {
            List<String> bulk = IntStream.range(imported, size).mapToObj(i -> String.format("bulk-%06d", i)).toList();
            importUsers(realm, bulk, false, imported);
            imported = size;
            List<Long> pack = new ArrayList<>();
            List<Long> plain = new ArrayList<>();
            for (int r = 0; r < REPEATS; r++) {
                openSessions(realm, "owner-pack", 10);
                pack.add(timePackDeactivation(realm, packUser));
                openSessions(realm, "owner-stock", 10);
                plain.add(timeStockDisable(realm, stockUser));
            }
            double p = Load.medianMillis(pack);
            double s = Load.medianMillis(plain);
            line("%-12d %18.1f %28.1f %8.2f", size, p, s, p / s);
            csv.add("realm-size,pack," + size + "," + p + ",ms");
            csv.add("realm-size,stock," + size + "," + s + ",ms");
        }
    }

    private long timePackDeactivation(TestRealm realm, String userId) {
        String token = realm.apiToken();
        long start = System.nanoTime();
        Response response = client.post(realm.api("/users/" + userId + "/deactivate"), token, "");
        long elapsed = System.nanoTime() - start;
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(realm.user(userId).getUserSessions()).isEmpty();
        assertThat(client.post(realm.api("/users/" + userId + "/reactivate"), token, "").status()).isEqualTo(200);
        return elapsed;
    }

    /** Stock Keycloak's nearest equivalent: switch the user off, then log out its sessions. */
    /**
     * Keycloak's disable + logout with the pack out of the way for the call (toggle off, its listener unlisted), so
     * Keycloak alone does it; turning the pack on again afterwards lists the listener again.
     */
    private long timeStockDisable(TestRealm realm, String userId) {
        String token = client.adminToken();
        String path = "/admin/realms/" + realm.name() + "/users/" + userId;
        realm.putConfig(Map.of("enabled", false));
        assertThat(client.put("/admin/realms/" + realm.name(), token, "{\"eventsListeners\": [\"jboss-logging\"]}")
                .status()).isEqualTo(204);
        long start = System.nanoTime();
        Response disable = client.put(path, token, "{\"enabled\": false}");
        Response logout = client.post(path + "/logout", token, "");
        long elapsed = System.nanoTime() - start;
        assertThat(disable.status()).isEqualTo(204);
        assertThat(logout.status()).isEqualTo(204);
        assertThat(client.put(path, token, "{\"enabled\": true}").status()).isEqualTo(204);
        realm.putConfig(Map.of("enabled", true));
        return elapsed;
    }

    // ---- 4. SCIM list -----------------------------------------------------------------------------------------

    private void scimListOverLargeRealm(TestRealm realm) throws Exception {
        line("");
        line("4. List 'active eq false' over %d users (10%% of them disabled), page of 100 at offset 5,000", REALM_SIZES[REALM_SIZES.length - 1]);
        line("%-34s %10s %10s %10s %14s", "variant", "req/s", "p50 ms", "p99 ms", "heap delta MiB");
        String scimToken = realm.apiToken();
        String filter = URLEncoder.encode("active eq false", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode check = client.get("/realms/" + realm.name() + "/scim2/Users?filter=" + filter + "&count=1", scimToken).json();
        assertThat(check.get("totalResults").asInt()).isEqualTo(REALM_SIZES[REALM_SIZES.length - 1] / 10);
        long heapBefore = heapUsed();
        Load.Result scim = Load.run("SCIM filter, pack", 1, WARM_UP, MEASURE, (worker, i) -> client.get(
                "/realms/" + realm.name() + "/scim2/Users?filter=" + filter + "&startIndex=5001&count=100", scimToken)
                .status() == 200);
        long heapScim = heapUsed() - heapBefore;
        String adminToken = client.adminToken();
        long heapBeforeStock = heapUsed();
        Load.Result plain = Load.run("admin users?enabled=false, stock", 1, WARM_UP, MEASURE, (worker, i) -> client.get(
                "/admin/realms/" + realm.name() + "/users?enabled=false&first=5000&max=100&briefRepresentation=true",
                adminToken).status() == 200);
        long heapStock = heapUsed() - heapBeforeStock;
        for (Object[] row : new Object[][]{{scim, heapScim}, {plain, heapStock}}) {
            Load.Result result = (Load.Result) row[0];
            long heap = (Long) row[1];
            line("%-34s %10.1f %10.1f %10.1f %14.1f", result.name(), result.perSecond(), result.p50Millis(),
                    result.p99Millis(), heap / 1048576.0);
            csv.add("scim-list," + result.name() + ",p50," + result.p50Millis() + ",ms");
            csv.add("scim-list," + result.name() + ",heap-delta," + heap + ",bytes");
        }
        ratio("scim-list", "p50 latency pack/stock", scim.p50Millis() / plain.p50Millis());
    }

    // ---- 6. SCIM group membership ----------------------------------------------------------------------------

    /** Members of the large group in the groups section. */
    private static final int LARGE_GROUP = Integer.getInteger("bench.groupMembers", 10_000);

    /**
     * Adding one member to a group of {@value #LARGE_GROUP} members and to a group of 10 (then removing it again, so
     * the groups keep their size), the two taking turns: a PATCH costs what the members it names cost, so the ratio
     * should stay near 1.
     */
    private void groupMembership(TestRealm realm) throws Exception {
        line("");
        line("6. SCIM PATCH adding then removing one member, group of %d members vs group of 10 (variants take turns)",
                LARGE_GROUP);
        List<String> names = new ArrayList<>();
        int joiners = THREADS;
        for (int i = 0; i < LARGE_GROUP + 10 + 2 * joiners; i++) {
            names.add("member-" + i);
        }
        importUsers(realm, names, false, 1);
        String token = realm.apiToken();
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            ids.add(realm.userId(name));
        }
        String large = scimGroup(realm, token, "bench-large", ids.subList(0, LARGE_GROUP));
        String small = scimGroup(realm, token, "bench-small", ids.subList(LARGE_GROUP, LARGE_GROUP + 10));
        // Each client thread adds and removes a user of its own, so the turns of one variant don't undo each other.
        List<String> largeJoiners = ids.subList(LARGE_GROUP + 10, LARGE_GROUP + 10 + joiners);
        List<String> smallJoiners = ids.subList(LARGE_GROUP + 10 + joiners, LARGE_GROUP + 10 + 2 * joiners);
        line("%-34s %10s %10s %10s", "variant", "req/s", "p50 ms", "p99 ms");
        List<Load.Result> results = compare("scim-groups", List.of(
                new Load.Variant("add+remove, " + LARGE_GROUP + " members", (worker, i) ->
                        addAndRemove(realm, token, large, largeJoiners.get(worker))),
                new Load.Variant("add+remove, 10 members", (worker, i) ->
                        addAndRemove(realm, token, small, smallJoiners.get(worker)))));
        ratio("scim-groups", "p50 latency large/small", results.get(0).p50Millis() / results.get(1).p50Millis());
    }

    private String scimGroup(TestRealm realm, String token, String name, List<String> memberIds) {
        TestClient.Response created = client.send("POST", "/realms/" + realm.name() + "/scim2/Groups", token,
                "application/scim+json", "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"], "
                        + "\"displayName\": \"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        for (int from = 0; from < memberIds.size(); from += 500) {
            StringBuilder values = new StringBuilder();
            for (String member : memberIds.subList(from, Math.min(memberIds.size(), from + 500))) {
                values.append(values.isEmpty() ? "" : ",").append("{\"value\":\"").append(member).append("\"}");
            }
            assertThat(groupPatch(realm, token, id, "add", "members", "[" + values + "]")).isTrue();
        }
        assertThat(realm.resource().groups().group(id).members(0, LARGE_GROUP + 1).size()).isEqualTo(memberIds.size());
        return id;
    }

    private boolean addAndRemove(TestRealm realm, String token, String groupId, String userId) {
        return groupPatch(realm, token, groupId, "add", "members", "[{\"value\":\"" + userId + "\"}]")
                && groupPatch(realm, token, groupId, "remove", "members[value eq \\\"" + userId + "\\\"]", null);
    }

    private boolean groupPatch(TestRealm realm, String token, String groupId, String op, String path, String value) {
        String body = "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \""
                + op + "\", \"path\": \"" + path + "\"" + (value == null ? "" : ", \"value\": " + value) + "}]}";
        return client.send("PATCH", "/realms/" + realm.name() + "/scim2/Groups/" + groupId, token,
                "application/scim+json", body).status() == 204;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    // ---- 5. bulk deactivation ---------------------------------------------------------------------------------

    /**
     * {@value #BULK_USERS} users holding one session each, deactivated by the pack's bulk call (100 ids per call)
     * against stock Keycloak's equivalent per user ({@code PUT /users/{id}} with enabled=false, then
     * {@code POST /users/{id}/logout}), one client thread each; rounds alternate which variant goes first.
     */
    private void bulkDeactivation(TestRealm realm) throws Exception {
        line("");
        line("5. Deactivating %d users holding one session each, one client thread (%d rounds, order alternating)",
                BULK_USERS, BULK_ROUNDS);
        line("%-8s %18s %24s %8s", "round", "pack bulk users/s", "stock PUT+logout users/s", "ratio");
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= BULK_ROUNDS; round++) {
            List<UserRepresentation> pack = usersWithSessions(realm, "bulk-pack-" + round + "-");
            List<UserRepresentation> plain = usersWithSessions(realm, "bulk-stock-" + round + "-");
            double packRate;
            double stockRate;
            if (round % 2 == 1) {
                packRate = timeBulk(realm, pack);
                stockRate = timeStockPerUser(realm, plain);
            } else {
                stockRate = timeStockPerUser(realm, plain);
                packRate = timeBulk(realm, pack);
            }
            double ratio = packRate / stockRate;
            ratios.add(ratio);
            line("%-8d %18.1f %24.1f %8.2f", round, packRate, stockRate, ratio);
            csv.add("bulk,pack,round" + round + "," + packRate + ",users/s");
            csv.add("bulk,stock,round" + round + "," + stockRate + ",users/s");
            csv.add("bulk,ratio,round" + round + "," + ratio + ",ratio");
        }
        line("ratio pack/stock: min %.2f, max %.2f", ratios.stream().mapToDouble(d -> d).min().orElse(0),
                ratios.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private List<UserRepresentation> usersWithSessions(TestRealm realm, String prefix) throws Exception {
        List<String> names = IntStream.range(0, BULK_USERS).mapToObj(i -> prefix + i).toList();
        importUsers(realm, names, true, 0);
        parallel(names, name -> login(realm, name));
        List<UserRepresentation> users = realm.resource().users().search(prefix, 0, BULK_USERS + 10);
        assertThat(users).hasSize(BULK_USERS);
        return users;
    }

    /** Both variants take a fresh admin token every 100 users: one lives a minute. */
    private double timeBulk(TestRealm realm, List<UserRepresentation> users) {
        long start = System.nanoTime();
        for (int from = 0; from < users.size(); from += 100) {
            String token = client.adminToken();
            List<String> ids = users.subList(from, Math.min(users.size(), from + 100)).stream()
                    .map(UserRepresentation::getId).toList();
            Response response = client.post(realm.api("/users/deactivate"), token,
                    TestClient.json(Map.of("ids", ids, "reason", "bench")));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.json().get("results").forEach(result -> assertThat(result.get("status").asInt())
                    .as(result.toString()).isEqualTo(200));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(realm.user(users.get(0).getId()).getUserSessions()).isEmpty();
        return users.size() / seconds;
    }

    private double timeStockPerUser(TestRealm realm, List<UserRepresentation> users) {
        long start = System.nanoTime();
        String token = null;
        for (int i = 0; i < users.size(); i++) {
            UserRepresentation user = users.get(i);
            if (i % 100 == 0) {
                token = client.adminToken();
            }
            user.setEnabled(false);
            Response disabled = client.put("/admin/realms/" + realm.name() + "/users/" + user.getId(), token,
                    TestClient.json(user));
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(204);
            Response logout = client.post("/admin/realms/" + realm.name() + "/users/" + user.getId() + "/logout", token,
                    "");
            assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(realm.user(users.get(0).getId()).getUserSessions()).isEmpty();
        return users.size() / seconds;
    }

    private void noRateLimit(RealmRepresentation realm) {
        realm.getAttributes().put("accountDisabling.rateLimitPerMinute", "0");
    }

    /** Keycloak without the pack: its flows, no listener, the toggle off (so its own user PUT is Keycloak's alone). */
    private void stockRealm(RealmRepresentation realm) {
        noRateLimit(realm);
        realm.getAttributes().put("accountDisabling.enabled", "false");
        realm.setBrowserFlow("browser");
        realm.setDirectGrantFlow("direct grant");
        realm.setFirstBrokerLoginFlow("first broker login");
        realm.setEventsListeners(List.of("jboss-logging"));
    }

    /** Only for the realm that opens thousands of sessions: the deactivation is measured there, not the login. */
    private void cheapHashing(RealmRepresentation realm) {
        realm.setPasswordPolicy("hashIterations(1)");
    }

    private void openSessions(TestRealm realm, String username, int count) throws Exception {
        parallel(IntStream.range(0, count).mapToObj(i -> username).toList(), name -> login(realm, name));
    }

    /** Parallel logins of one user may collide on Keycloak's credential row (optimistic lock): try again. */
    private void login(TestRealm realm, String username) {
        Response response = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            response = client.postForm("/realms/" + realm.name() + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", TestRealm.APP_CLIENT_ID, "username", username,
                    "password", PASSWORD));
            if (response.status() == 200) {
                return;
            }
        }
        throw new IllegalStateException("login of " + username + " failed: " + response);
    }

    private void importUsers(TestRealm realm, List<String> usernames, boolean withPassword, int offset) {
        for (int from = 0; from < usernames.size(); from += 5_000) {
            List<UserRepresentation> batch = new ArrayList<>();
            for (int i = from; i < Math.min(usernames.size(), from + 5_000); i++) {
                UserRepresentation user = new UserRepresentation();
                user.setUsername(usernames.get(i));
                // A complete profile, or Keycloak asks for one at login ("Account is not fully set up").
                user.setEmail(usernames.get(i) + "@example.org");
                user.setEmailVerified(true);
                user.setFirstName("Bench");
                user.setLastName("User");
                user.setEnabled(withPassword || (offset + i) % 10 != 0);
                if (withPassword) {
                    org.keycloak.representations.idm.CredentialRepresentation credential =
                            new org.keycloak.representations.idm.CredentialRepresentation();
                    credential.setType("password");
                    credential.setValue(PASSWORD);
                    credential.setTemporary(false);
                    user.setCredentials(List.of(credential));
                }
                batch.add(user);
            }
            PartialImportRepresentation partial = new PartialImportRepresentation();
            partial.setUsers(batch);
            partial.setIfResourceExists(PartialImportRepresentation.Policy.SKIP.name());
            realm.resource().partialImport(partial).close();
        }
    }

    private static void parallel(List<String> items, Consumer<String> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long heapUsed() {
        try {
            String metrics = new String(java.net.URI.create(server.managementUrl() + "/metrics").toURL().openStream()
                    .readAllBytes(), StandardCharsets.UTF_8);
            return metrics.lines()
                    .filter(l -> l.startsWith("jvm_memory_used_bytes") && l.contains("area=\"heap\""))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("metrics unavailable (run with -Pbench, which enables them)", e);
        }
    }

    private Load.Result report(String section, Load.Result result) {
        line("%-42s %10.1f %10.1f %10.1f %8d", result.name(), result.perSecond(), result.p50Millis(), result.p99Millis(),
                result.errors());
        csv.add(section + "," + result.name() + ",per-second," + result.perSecond() + ",1/s");
        csv.add(section + "," + result.name() + ",p50," + result.p50Millis() + ",ms");
        csv.add(section + "," + result.name() + ",p99," + result.p99Millis() + ",ms");
        return result;
    }

    private void ratio(String section, String name, double value) {
        line("%-42s %10.3f", "ratio " + name, value);
        csv.add(section + ",ratio," + name + "," + value + ",ratio");
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        table.append(text).append('\n');
        System.out.println(text);
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
