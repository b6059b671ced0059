package io.github.accountdisabling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real Keycloak distribution (unpacked by Maven under {@code target/}) started with the pack's jars in
 * {@code providers/} and the {@code realm-config/} realms imported. Free ports on 127.0.0.1, so it runs beside a
 * developer's own server on 8080. The H2 database starts empty once per run and survives {@link #restart()}.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    public static final String FEATURES = "declarative-ui,scim-api";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final AtomicInteger STARTS = new AtomicInteger();
    /** An access-log line ({@code "GET /path HTTP/1.1" 500 …}) whose status is 5xx. */
    private static final Pattern SERVER_ERROR_ACCESS =
            Pattern.compile("\"[A-Z]+ [^\"]* HTTP/[0-9.]+\" 5\\d\\d ");

    private final Path distDir;
    private final Path logDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "keycloak-server-shutdown");

    private final Function<KeycloakServer, List<String>> commandLine;
    private final Map<String, String> environment;

    private int httpPort;
    private int managementPort;
    private Process process;
    private Path logFile;

    private KeycloakServer(Path distDir, Path logDir) {
        this(distDir, logDir, KeycloakServer::devCommand, Map.of());
    }

    /** A server started with {@code commandLine} (called after the ports are chosen) and extra environment. */
    KeycloakServer(Path distDir, Path logDir, Function<KeycloakServer, List<String>> commandLine,
                   Map<String, String> environment) {
        this.distDir = distDir;
        this.logDir = logDir;
        this.commandLine = commandLine;
        this.environment = environment;
    }

    /**
     * Installs the jars and the realm config named by Failsafe's system properties, then starts the server: with
     * its H2 database, or with {@code -Dkc.db=postgres} on a throw-away PostgreSQL (see {@link PostgresServer}).
     */
    public static KeycloakServer startFromBuild() {
        Path dist = Path.of(requiredProperty("kc.dist.dir"));
        KeycloakServer server;
        if ("postgres".equals(System.getProperty("kc.db", "dev-file"))) {
            PostgresServer postgres = PostgresServer.start(Path.of(requiredProperty("kc.log.dir")).resolveSibling("pg-single"));
            server = new KeycloakServer(dist, Path.of(requiredProperty("kc.log.dir")), self -> {
                List<String> command = devCommand(self);
                command.addAll(List.of("--db=postgres", "--db-url=" + postgres.jdbcUrl(),
                        "--db-username=" + PostgresServer.USER, "--db-password=" + PostgresServer.PASSWORD));
                return command;
            }, Map.of());
        } else {
            server = new KeycloakServer(dist, Path.of(requiredProperty("kc.log.dir")));
        }
        server.installFromBuild();
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        server.start();
        return server;
    }

    /** The jars and realm files Failsafe's system properties name, into this server's distribution. */
    void installFromBuild() {
        install(Path.of(requiredProperty("kc.providers.jar")), Path.of(requiredProperty("kc.extra.jars.dir")),
                Path.of(requiredProperty("kc.realm.config.dir")));
        installTestThemes(Path.of(requiredProperty("kc.test.themes.dir")));
    }

    /** {@code kc.sh start-dev} on loopback, importing the realm files. */
    private static List<String> devCommand(KeycloakServer server) {
        List<String> command = new ArrayList<>(List.of(
                server.distDir.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + server.httpPort,
                "--http-management-port=" + server.managementPort,
                "--health-enabled=true",
                "--features=" + FEATURES,
                "--import-realm"));
        // Every request's status in the log, so a test can prove that none got a 5xx; the benchmark turns it off.
        if (!"false".equals(System.getProperty("kc.access.log"))) {
            command.add("--http-access-log-enabled=true");
        }
        // The benchmark adds --metrics-enabled=true to read the server's heap.
        String extra = System.getProperty("kc.extra.args", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        return command;
    }

    Path distDir() {
        return distDir;
    }

    int httpPort() {
        return httpPort;
    }

    int managementPort() {
        return managementPort;
    }

    /** Kills the server at once (SIGKILL), as a crashing machine would; {@link #startAgain()} brings it back. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts a stopped or killed server again, on the same database. */
    public void startAgain() {
        start();
    }

    /** Starts the first time (for servers made by the cluster harness). */
    void startFirst() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** Stops and starts again on the same database, as an operator's restart would. */
    public void restart() {
        stop();
        start();
    }

    /** How many lines the log has now: {@link #logSince(long)} gives what was written after. */
    public long logMark() {
        return logSince(0).size();
    }

    /** The log's lines after {@code mark} lines. */
    public List<String> logSince(long mark) {
        if (logFile == null || !Files.exists(logFile)) {
            return List.of();
        }
        try (Stream<String> all = Files.lines(logFile)) {
            return all.skip(mark).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("log " + logFile + " unreadable", e);
        }
    }

    /** The HTTP access log's lines after {@code mark} that answered with a 5xx status. */
    public List<String> serverErrorsSince(long mark) {
        return logSince(mark).stream().filter(line -> SERVER_ERROR_ACCESS.matcher(line).find()).toList();
    }

    public List<String> logTail(int lines) {
        if (logFile == null || !Files.exists(logFile)) {
            return List.of();
        }
        try (Stream<String> all = Files.lines(logFile)) {
            List<String> list = all.toList();
            return list.subList(Math.max(0, list.size() - lines), list.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook itself is running
        }
    }

    void install(Path providersJar, Path extraJarsDir, Path realmConfigDir) {
        try {
            Path providers = distDir.resolve("providers");
            Files.createDirectories(providers);
            copyIfChanged(providersJar, providers.resolve(providersJar.getFileName()));
            if (Files.isDirectory(extraJarsDir)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(extraJarsDir, "*.jar")) {
                    for (Path jar : jars) {
                        copyIfChanged(jar, providers.resolve(jar.getFileName()));
                    }
                }
            }
            // Every run begins with an empty database and the shared realm files.
            Path data = distDir.resolve("data");
            deleteRecursively(data);
            Path importDir = Files.createDirectories(data.resolve("import"));
            try (DirectoryStream<Path> realms = Files.newDirectoryStream(realmConfigDir, "*.json")) {
                for (Path realm : realms) {
                    Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install the pack into " + distDir, e);
        }
    }

    /**
     * The test resources' login themes into the distribution's {@code themes/} folder, where an operator puts a
     * theme of their own; Keycloak reads folder themes without a rebuild.
     */
    void installTestThemes(Path themesDir) {
        try (DirectoryStream<Path> themes = Files.newDirectoryStream(themesDir, Files::isDirectory)) {
            for (Path theme : themes) {
                Path target = distDir.resolve("themes").resolve(theme.getFileName().toString());
                deleteRecursively(target);
                try (Stream<Path> files = Files.walk(theme)) {
                    for (Path file : files.toList()) {
                        Path copy = target.resolve(theme.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not install the test themes into " + distDir, e);
        }
    }

    /** An unchanged jar keeps its timestamp, which spares Keycloak's ~20 s re-augmentation. */
    private static void copyIfChanged(Path source, Path target) throws IOException {
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(source), Files.readAllBytes(target))) {
            return;
        }
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private void start() {
        httpPort = freePort();
        managementPort = freePort();
        logFile = logDir.resolve("keycloak-" + STARTS.incrementAndGet() + ".log");
        List<String> command = commandLine.apply(this);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(distDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
        awaitReady();
    }

    private void awaitReady() {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue()
                        + " before it was ready; log " + logFile + ":\n" + String.join("\n", logTail(60)));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            sleep(500);
        }
        stopQuietly();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT + "; log " + logFile
                + ":\n" + String.join("\n", logTail(60)));
    }

    private void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // best effort on JVM exit
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests through Maven "
                    + "(./mvnw verify), which unpacks Keycloak and passes the paths.");
        }
        return value;
    }
}
