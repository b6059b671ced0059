package io.github.accountdisabling.scim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimFilterTest {

    private static final Map.Entry<String, String> NO_SERVICE_ACCOUNTS = Map.entry(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");

    @Test
    void noFilterListsEveryoneButServiceAccounts() {
        assertThat(ScimFilter.parse(null)).containsExactly(Map.ofEntries(NO_SERVICE_ACCOUNTS));
    }

    @Test
    void equalityBecomesExactKeycloakSearchParameters() {
        assertThat(ScimFilter.parse("userName eq \"Alice\"")).containsExactly(Map.ofEntries(NO_SERVICE_ACCOUNTS,
                Map.entry(UserModel.USERNAME, "Alice"), Map.entry(UserModel.EXACT, "true")));
        assertThat(ScimFilter.parse("EMAILS.VALUE EQ \"a@x.org\"")).containsExactly(Map.ofEntries(NO_SERVICE_ACCOUNTS,
                Map.entry(UserModel.EMAIL, "a@x.org"), Map.entry(UserModel.EXACT, "true")));
        assertThat(ScimFilter.parse("urn:scim:wso2:schema:accountDisabled eq true")).containsExactly(
                Map.ofEntries(NO_SERVICE_ACCOUNTS, Map.entry(UserModel.ENABLED, "false")));
        assertThat(ScimFilter.parse("urn:ietf:params:scim:schemas:core:2.0:User:active eq true")).containsExactly(
                Map.ofEntries(NO_SERVICE_ACCOUNTS, Map.entry(UserModel.ENABLED, "true")));
    }

    @Test
    void provisioningClientsMatchByExternalIdAndWorkEmail() {
        assertThat(ScimFilter.parse("externalId eq \"0a21f0f2-8d2a\"")).containsExactly(Map.ofEntries(
                NO_SERVICE_ACCOUNTS, Map.entry(ScimUser.EXTERNAL_ID_ATTRIBUTE, "0a21f0f2-8d2a")));
        assertThat(ScimFilter.parse("emails[type  eq \"work\"].value eq \"a@x.org\" and active eq true"))
                .containsExactly(Map.ofEntries(NO_SERVICE_ACCOUNTS, Map.entry(UserModel.EMAIL, "a@x.org"),
                        Map.entry(UserModel.EXACT, "true"), Map.entry(UserModel.ENABLED, "true")));
        assertThatThrownBy(() -> ScimFilter.parse("emails[type eq \"work\".value eq \"a@x.org\""))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
        assertThatThrownBy(() -> ScimFilter.parse("emails[type eq \"home\"].value eq \"a@x.org\""))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
    }

    @Test
    void andMergesAndOrDistributes() {
        List<Map<String, String>> dnf = ScimFilter.parse(
                "(userName eq \"a\" or userName eq \"b\") and active eq false");
        assertThat(dnf).hasSize(2);
        assertThat(dnf).allSatisfy(c -> assertThat(c).containsEntry(UserModel.ENABLED, "false"));
        assertThat(dnf).extracting(c -> c.get(UserModel.USERNAME)).containsExactly("a", "b");
    }

    @Test
    void contradictionsDropOut() {
        assertThat(ScimFilter.parse("active eq true and active eq false")).isEmpty();
        assertThat(ScimFilter.parse("userName eq \"a\" and userName eq \"A\"")).hasSize(1);
    }

    @Test
    void escapedQuotesStayInTheValue() {
        assertThat(ScimFilter.parse("userName eq \"o\\\"brien\"").get(0)).containsEntry(UserModel.USERNAME, "o\"brien");
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName co \"a\"", "title eq \"x\"", "userName eq", "userName eq \"a", "(active eq true",
            "active eq true)", "not (active eq true)", "active eq 1", "userName eq true",
            "userName eq \"a\" or userName eq \"b\" or userName eq \"c\" or userName eq \"d\" or userName eq \"e\""})
    void refusesWhatItCantAnswerExactly(String filter) {
        assertThatThrownBy(() -> ScimFilter.parse(filter)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
    }

    @Test
    void parenthesesNestUpToTheLimitAndNoDeeper() {
        String allowed = "(".repeat(ScimFilter.MAX_DEPTH) + "userName eq \"a\"" + ")".repeat(ScimFilter.MAX_DEPTH);
        assertThat(ScimFilter.parse(allowed)).hasSize(1);
        for (int depth : new int[] {ScimFilter.MAX_DEPTH + 1, 2_000, 100_000}) {
            String deep = "(".repeat(depth) + "userName eq \"a\"" + ")".repeat(depth);
            assertThatThrownBy(() -> ScimFilter.parse(deep)).isInstanceOfSatisfying(ScimException.class,
                    e -> assertThat(e.scimType()).isEqualTo(ScimException.INVALID_FILTER));
        }
    }
}
