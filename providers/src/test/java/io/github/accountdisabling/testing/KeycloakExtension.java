package io.github.accountdisabling.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One Keycloak per test JVM: the first class that needs it starts it, JUnit closes it when the run ends
 * (root store), and a JVM shutdown hook stops it on every other exit path. A failing test prints the
 * server log's tail.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);
    private static final int LOG_TAIL_LINES = 80;

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == TestClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Holder holder = server(context);
        return parameter.getParameter().getType() == KeycloakServer.class ? holder.server : holder.client;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        Holder holder = context.getRoot().getStore(NAMESPACE).get(Holder.class, Holder.class);
        if (holder != null) {
            System.err.println("---- " + context.getDisplayName() + " failed; last " + LOG_TAIL_LINES
                    + " lines of " + holder.server.logFile() + " ----");
            holder.server.logTail(LOG_TAIL_LINES).forEach(System.err::println);
            System.err.println("---- end of Keycloak log tail ----");
        }
        throw throwable;
    }

    private static Holder server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, key -> new Holder(KeycloakServer.startFromBuild()), Holder.class);
    }

    /** Closed by JUnit when the root context closes, i.e. after the last test class of the run. */
    static final class Holder implements AutoCloseable {
        final KeycloakServer server;
        final TestClient client;

        Holder(KeycloakServer server) {
            this.server = server;
            this.client = new TestClient(server);
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }
}
