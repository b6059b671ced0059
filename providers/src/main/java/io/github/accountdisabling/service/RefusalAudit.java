package io.github.accountdisabling.service;

import io.github.accountdisabling.account.Caller;
import io.github.accountdisabling.account.Refusal;
import io.github.accountdisabling.support.LogValues;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/** The admin event of a refused change. */
final class RefusalAudit {

    private static final Logger LOG = Logger.getLogger(DeactivationService.class);

    private RefusalAudit() {
    }

    /**
     * Records a refused change as an admin event whose error is the refusal's code. A refusal rolls the request's
     * transaction back, so the event is stored after it ends, in a transaction of its own; failing to store it
     * never changes the answer the caller gets.
     */
    static void afterCompletion(KeycloakSession session, RealmModel realm, AdminEventBuilder adminEvent, UserModel user, String requestedState,
                              Caller caller, Refusal refusal) {
        if (adminEvent == null) {
            return;
        }
        RefusedChange representation = new RefusedChange(user.getId(), user.getUsername(), requestedState,
                refusal.code(), refusal.getMessage(), caller.source(), caller.actor().id(), caller.actor().name());
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        Runnable record = () -> {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, recording -> {
                    recording.getContext().setRealm(recording.realms().getRealm(realmId));
                    AdminEventBuilder event = adminEvent.clone(recording);
                    event.getEvent().setError(refusal.code());
                    event.operation(OperationType.UPDATE)
                            .resource(ResourceType.USER)
                            .resourcePath("users", representation.id())
                            .representation(representation)
                            .success();
                });
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the refused change of user %s (%s) as an admin event: %s",
                        representation.id(), representation.code(), LogValues.escape(e.toString()));
            }
        };
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                record.run();
            }

            @Override
            protected void rollbackImpl() {
                record.run();
            }
        });
    }

    /** The representation of a refused change's admin event. */
    public record RefusedChange(String id, String username, String requestedState, String code, String message,
                                String source, String actor, String actorName) {
    }
}
