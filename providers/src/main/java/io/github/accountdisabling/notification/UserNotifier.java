package io.github.accountdisabling.notification;

import io.github.accountdisabling.config.AccountDisablingSettings;
import io.github.accountdisabling.account.AccountState;
import io.github.accountdisabling.support.LogValues;
import io.github.accountdisabling.support.UserJobs;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * E-mails users when their account is deactivated or reactivated, if the realm asks for it
 * (setting {@code notifyUsers}). Sent through Keycloak's e-mail templates and sender, with the realm's SMTP settings,
 * only after the change has committed and on a thread of its own: a slow or failing SMTP server never delays,
 * blocks or rolls back a state change; a failure is logged.
 */
public final class UserNotifier {

    static final String DEACTIVATED_TEMPLATE = "account-deactivated.ftl";
    static final String REACTIVATED_TEMPLATE = "account-reactivated.ftl";

    private static final Logger LOG = Logger.getLogger(UserNotifier.class);
    private static final String EXECUTOR = "account-disabling-mail";

    private UserNotifier() {
    }

    /** Schedules the e-mail for after the commit of {@code session}'s transaction; nothing when the realm is off. */
    public static void afterCommit(KeycloakSession session, RealmModel realm, UserModel user, AccountState newState,
                                   String reason) {
        if (!AccountDisablingSettings.of(realm).notifyUsers() || user.getEmail() == null
                || user.getEmail().isBlank()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String userId = user.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR)
                            .execute(() -> send(factory, realmId, userId, newState, reason));
                } catch (RuntimeException e) {
                    LOG.warnf("Could not queue the account e-mail to user %s: %s", userId, LogValues.escape(e.toString()));
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static void send(KeycloakSessionFactory factory, String realmId, String userId, AccountState state,
                             String reason) {
        try {
            UserJobs.inOwnTransaction(factory, realmId, userId, (session, realm, user) -> {
                AccountDisablingSettings settings = AccountDisablingSettings.of(realm);
                Map<String, Object> attributes = new HashMap<>();
                if (settings.notifyShowReason() && reason != null && !reason.isBlank()) {
                    attributes.put("reason", reason);
                }
                String support = settings.supportContact();
                if (support != null) {
                    attributes.put("supportContact", support);
                }
                boolean deactivated = state == AccountState.DEACTIVATED;
                try {
                    session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user).send(
                            deactivated ? "accountDeactivatedSubject" : "accountReactivatedSubject",
                            List.of(realm.getDisplayName() != null && !realm.getDisplayName().isBlank()
                                    ? realm.getDisplayName() : realm.getName()),
                            deactivated ? DEACTIVATED_TEMPLATE : REACTIVATED_TEMPLATE, attributes);
                    LOG.debugf("Sent the %s e-mail to user %s", state, userId);
                } catch (EmailException e) {
                    LOG.warnf("Could not send the account %s e-mail to user %s in realm %s: %s",
                            deactivated ? "deactivation" : "reactivation", userId, LogValues.escape(realm.getName()),
                            LogValues.escape(String.valueOf(e.getCause() != null ? e.getCause() : e)));
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not send the account e-mail to user %s: %s", userId, LogValues.escape(e.toString()));
        }
    }
}
