package io.github.accountdisabling.scim;

import io.github.accountdisabling.support.PackProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the SCIM endpoint at {@code /realms/{realm}/scim2}. */
public class ScimResourceProviderFactory implements RealmResourceProviderFactory,
        PackProviderFactory<RealmResourceProvider> {

    /** Also the URL segment under {@code /realms/{realm}/}. */
    public static final String ID = "scim2";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Provider(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    private static final class Provider implements RealmResourceProvider {
        private final KeycloakSession session;

        Provider(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Object getResource() {
            return new ScimResource(session, session.getContext().getRealm());
        }

        @Override
        public void close() {
        }
    }
}
