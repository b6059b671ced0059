package io.github.accountdisabling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL from Debian's {@code postgresql} package: {@code initdb} into a directory under
 * {@code target/}, {@code pg_ctl} on a free loopback port, stopped on close and on JVM exit. As root (CI), the server
 * runs as the package's {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "keycloak";
    public static final String PASSWORD = "keycloak";

    private final Path dataDir;
    private final Path bin;
    private final int port;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "postgres-shutdown");

    private PostgresServer(Path dataDir, Path bin, int port) {
        this.dataDir = dataDir;
        this.bin = bin;
        this.port = port;
    }

    /** A fresh cluster in {@code dir} (deleted first), started, with database {@code keycloak}. */
    public static PostgresServer start(Path dir) {
        Path bin = binDir();
        int port = KeycloakServer.freePort();
        PostgresServer server = new PostgresServer(dir.toAbsolutePath().resolve("data"), bin, port);
        try {
            KeycloakServer.deleteRecursively(dir);
            Files.createDirectories(dir);
            if (asRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toAbsolutePath().toString()));
            }
            Path password = dir.toAbsolutePath().resolve("pwfile");
            Files.writeString(password, PASSWORD + "\n");
            if (asRoot()) {
                run(List.of("chown", "postgres:postgres", password.toString()));
            }
            server.pg(List.of(bin.resolve("initdb").toString(), "-D", server.dataDir.toString(), "-U", USER,
                    "--pwfile=" + password, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"));
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", server.dataDir.toString(), "-w", "-t", "60",
                    "-l", dir.toAbsolutePath().resolve("postgres.log").toString(), "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir.toAbsolutePath()
                            + " -c max_connections=300", "start"));
            server.pg(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", USER, "keycloak"), PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL in " + dir, e);
        }
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/keycloak";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private void stopQuietly() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
        } catch (RuntimeException ignored) {
            // not running
        }
    }

    private void pg(List<String> command) {
        pg(command, null);
    }

    private void pg(List<String> command, String password) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, password);
    }

    private static void run(List<String> command) {
        run(command, null);
    }

    private static void run(List<String> command, String password) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            builder.environment().put("PGPASSWORD", password);
        }
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command.get(0)
                    + " (install Debian's postgresql package; .ci/run does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code -Dpg.bin.dir}, else the newest {@code /usr/lib/postgresql/<version>/bin}. */
    private static Path binDir() {
        String configured = System.getProperty("pg.bin.dir", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                    .max(Comparator.comparing(dir -> Integer.parseInt(dir.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL under /usr/lib/postgresql"));
        } catch (IOException e) {
            throw new UncheckedIOException("No PostgreSQL under /usr/lib/postgresql: install Debian's postgresql", e);
        }
    }
}
