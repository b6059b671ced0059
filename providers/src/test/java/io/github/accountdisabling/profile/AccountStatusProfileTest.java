package io.github.accountdisabling.profile;

import io.github.accountdisabling.account.DisabledAttributes;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.representations.userprofile.config.UPGroup;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AccountStatusProfileTest {

    @Test
    void declaresEveryAttributeReadOnlyInTheAccountStatusGroup() {
        UPConfig config = new UPConfig();
        config.addOrReplaceAttribute(new UPAttribute("username"));

        assertThat(AccountStatusProfile.withDeclaration(config)).isTrue();

        assertThat(config.getGroups()).extracting(UPGroup::getName, UPGroup::getDisplayHeader)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("account-status", "Account status"));
        for (String name : DisabledAttributes.NAMES) {
            UPAttribute attribute = config.getAttribute(name);
            assertThat(attribute.getGroup()).isEqualTo("account-status");
            assertThat(attribute.getPermissions().getView()).containsExactly("admin");
            assertThat(attribute.getPermissions().getEdit()).as(name + " is editable by nobody").isEmpty();
            assertThat(attribute.getDisplayName()).isNotBlank();
            assertThat(attribute.getAnnotations()).as("Keycloak's SCIM fails on a declared attribute without annotations")
                    .isNotEmpty();
        }
        assertThat(config.getAttribute("username")).isNotNull();
    }

    @Test
    void aStoredDeclarationIsLeftAsItIs() throws IOException {
        UPConfig config = new UPConfig();
        AccountStatusProfile.withDeclaration(config);
        // What the realm stores and reads back: the check must not rewrite the profile on every realm update.
        UPConfig stored = JsonSerialization.readValue(JsonSerialization.writeValueAsString(config), UPConfig.class);

        assertThat(AccountStatusProfile.withDeclaration(stored)).isFalse();
    }

    @Test
    void anEditableDeclarationOfTheSameNameIsMadeReadOnlyAndOtherAttributesAreKept() {
        UPConfig config = new UPConfig();
        config.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        config.addOrReplaceAttribute(new UPAttribute(DisabledAttributes.REASON,
                new UPAttributePermissions(Set.of("admin"), Set.of("admin"))));
        UPAttribute balance = new UPAttribute("balance.USD", new UPAttributePermissions(Set.of("admin"), Set.of("admin")));
        config.addOrReplaceAttribute(balance);
        config.addGroup(new UPGroup("user-metadata"));

        assertThat(AccountStatusProfile.withDeclaration(config)).isTrue();

        assertThat(config.getAttribute(DisabledAttributes.REASON).getPermissions().getEdit()).isEmpty();
        assertThat(config.getAttribute("balance.USD").getPermissions().getEdit()).containsExactly("admin");
        assertThat(config.getUnmanagedAttributePolicy()).isEqualTo(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        assertThat(config.getGroups()).extracting(UPGroup::getName).containsExactly("user-metadata", "account-status");
    }
}
