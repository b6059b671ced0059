package io.github.accountdisabling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two (or more) Keycloak nodes with the pack, from one copy of the distribution built for PostgreSQL, on a
 * throw-away {@link PostgresServer}: Keycloak's default {@code jdbc-ping} discovery, embedded caches bound to
 * loopback. What {@code docker/compose-cluster.yaml} does with containers.
 */
public final class KeycloakCluster implements AutoCloseable {

    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(90);

    private final PostgresServer postgres;
    private final List<KeycloakServer> nodes;

    private KeycloakCluster(PostgresServer postgres, List<KeycloakServer> nodes) {
        this.postgres = postgres;
        this.nodes = nodes;
    }

    public static KeycloakCluster start(int size) {
        Path source = Path.of(KeycloakServer.requiredProperty("kc.dist.dir"));
        Path logDir = Path.of(KeycloakServer.requiredProperty("kc.log.dir")).resolveSibling("cluster-logs");
        Path dist = source.resolveSibling(source.getFileName() + "-postgres");
        copyOnce(source, dist);
        KeycloakServer installer = new KeycloakServer(dist, logDir, self -> List.of(), Map.of());
        installer.installFromBuild();
        run(dist, List.of(dist.resolve("bin/kc.sh").toString(), "build", "--db=postgres", "--cache=ispn",
                "--health-enabled=true", "--features=" + KeycloakServer.FEATURES), logDir.resolve("build.log"));
        PostgresServer postgres = PostgresServer.start(logDir.resolveSibling("pg-cluster"));
        List<KeycloakServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                int cachePort = KeycloakServer.freePort();
                boolean first = i == 0;
                KeycloakServer node = new KeycloakServer(dist, logDir, self -> {
                    List<String> command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString(), "start",
                            "--optimized",
                            "--db-url=" + postgres.jdbcUrl(),
                            "--db-username=" + PostgresServer.USER,
                            "--db-password=" + PostgresServer.PASSWORD,
                            "--http-enabled=true",
                            "--hostname-strict=false",
                            "--http-host=127.0.0.1",
                            "--http-port=" + self.httpPort(),
                            "--http-management-port=" + self.managementPort(),
                            "--cache-embedded-network-bind-address=127.0.0.1",
                            "--cache-embedded-network-bind-port=" + cachePort));
                    if (first) {
                        command.add("--import-realm");
                    }
                    return command;
                }, Map.of("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g"));
                node.startFirst();
                nodes.add(node);
            }
            KeycloakCluster cluster = new KeycloakCluster(postgres, nodes);
            cluster.awaitView();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(KeycloakServer::close);
            postgres.close();
            throw e;
        }
    }

    public KeycloakServer node(int index) {
        return nodes.get(index);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Waits until the last node has seen every node join Infinispan's cluster view. */
    public void awaitView() {
        KeycloakServer last = nodes.get(nodes.size() - 1);
        String members = "(" + nodes.size() + ")";
        Instant deadline = Instant.now().plus(VIEW_TIMEOUT);
        while (last.logTail(2000).stream().noneMatch(line -> line.contains("ISPN000094") && line.contains(members))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The cluster view never reached " + nodes.size() + " nodes; log "
                        + last.logFile());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(KeycloakServer::close);
        postgres.close();
    }

    /** The distribution is copied once per build directory; the pack's jars are installed into it each run. */
    private static void copyOnce(Path source, Path target) {
        if (Files.isDirectory(target.resolve("bin"))) {
            return;
        }
        run(source.getParent(), List.of("cp", "-a", source.toString(), target.toString()), null);
    }

    private static void run(Path dir, List<String> command, Path log) {
        try {
            if (log != null) {
                Files.createDirectories(log.getParent());
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            if (log != null) {
                builder.redirectOutput(log.toFile());
            }
            Process process = builder.start();
            if (log == null) {
                process.getInputStream().readAllBytes();
            }
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed" + (log == null ? "" : "; log " + log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
