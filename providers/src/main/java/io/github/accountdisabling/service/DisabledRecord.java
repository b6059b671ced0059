package io.github.accountdisabling.service;

import io.github.accountdisabling.account.Actor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.UserAdapter;
import org.keycloak.models.jpa.entities.UserEntity;

import static io.github.accountdisabling.account.DisabledAttributes.AT;
import static io.github.accountdisabling.account.DisabledAttributes.BY;
import static io.github.accountdisabling.account.DisabledAttributes.BY_NAME;
import static io.github.accountdisabling.account.DisabledAttributes.CLEARED_ON_REACTIVATION;
import static io.github.accountdisabling.account.DisabledAttributes.DISABLED;
import static io.github.accountdisabling.account.DisabledAttributes.REASON;
import static io.github.accountdisabling.account.DisabledAttributes.REASON_TO_RECORD;
import static io.github.accountdisabling.account.DisabledAttributes.SOURCE;

/** Writes and removes the deactivation record: only the service's locked write calls it. */
final class DisabledRecord {

    private DisabledRecord() {
    }

    static void record(UserModel user, String atIso, Actor by, String reason, String source) {
        user.setSingleAttribute(DISABLED, "true");
        user.setSingleAttribute(AT, atIso);
        user.setSingleAttribute(BY, by.id() == null ? "" : by.id());
        user.setSingleAttribute(BY_NAME, by.name() == null ? "" : by.name());
        user.setSingleAttribute(REASON, reason == null ? "" : reason);
        user.setSingleAttribute(SOURCE, source);
        if (user.getFirstAttribute(REASON_TO_RECORD) != null) {
            user.removeAttribute(REASON_TO_RECORD);
        }
    }

    /**
     * For a user kept in Keycloak's own tables this is one DELETE: {@link UserModel#removeAttribute} runs a delete,
     * with a flush of the whole persistence context before it, per attribute. Users of other stores go through the
     * model.
     */
    static void clear(UserModel user, EntityManager em) {
        if (!(user instanceof UserAdapter local)) {
            CLEARED_ON_REACTIVATION.forEach(user::removeAttribute);
            return;
        }
        UserEntity entity = local.getEntity();
        if (entity.getAttributes().removeIf(attribute -> CLEARED_ON_REACTIVATION.contains(attribute.getName()))) {
            // No flush first: nothing pending in this transaction adds these attributes back.
            em.createQuery("delete from UserAttributeEntity a where a.user.id = :userId and a.name in :names")
                    .setParameter("userId", entity.getId())
                    .setParameter("names", CLEARED_ON_REACTIVATION)
                    .setFlushMode(FlushModeType.COMMIT)
                    .executeUpdate();
        }
    }
}
