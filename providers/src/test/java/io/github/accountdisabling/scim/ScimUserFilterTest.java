package io.github.accountdisabling.scim;

import io.github.accountdisabling.scim.ScimUserFilter.And;
import io.github.accountdisabling.scim.ScimUserFilter.Compare;
import io.github.accountdisabling.scim.ScimUserFilter.Constant;
import io.github.accountdisabling.scim.ScimUserFilter.Field;
import io.github.accountdisabling.scim.ScimUserFilter.Node;
import io.github.accountdisabling.scim.ScimUserFilter.Not;
import io.github.accountdisabling.scim.ScimFilterTree.Operator;
import io.github.accountdisabling.scim.ScimUserFilter.Or;
import io.github.accountdisabling.scim.ScimUserFilter.Present;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.scim.filter.FilterUtils;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimUserFilterTest {

    private static Node parse(String filter) {
        return ScimUserFilter.parse(filter).orElseThrow();
    }

    @Test
    void noFilterIsNoTerm() {
        assertThat(ScimUserFilter.parse(null)).isEmpty();
        assertThat(ScimUserFilter.parse("  ")).isEmpty();
    }

    @Test
    void everyOperatorOnTheStoredAttributes() {
        for (Operator operator : Operator.values()) {
            String op = operator.name().toLowerCase();
            assertThat(parse("userName " + op + " \"Al\"")).isEqualTo(new Compare(Field.USER_NAME, operator, "Al"));
        }
        assertThat(parse("EMAILS.VALUE EQ \"a@x.org\"")).isEqualTo(new Compare(Field.EMAIL, Operator.EQ, "a@x.org"));
        assertThat(parse("emails co \"@x.org\"")).isEqualTo(new Compare(Field.EMAIL, Operator.CO, "@x.org"));
        assertThat(parse("name.familyName sw \"Sm\"")).isEqualTo(new Compare(Field.FAMILY_NAME, Operator.SW, "Sm"));
        assertThat(parse("name.givenName ew \"ce\"")).isEqualTo(new Compare(Field.GIVEN_NAME, Operator.EW, "ce"));
        assertThat(parse("displayName pr")).isEqualTo(new Present(Field.DISPLAY_NAME));
        assertThat(parse("externalId eq \"0a21f0f2-8d2a\"")).isEqualTo(new Compare(Field.EXTERNAL_ID, Operator.EQ, "0a21f0f2-8d2a"));
        assertThat(parse("id eq \"abc\"")).isEqualTo(new Compare(Field.ID, Operator.EQ, "abc"));
        assertThat(parse("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a\""))
                .isEqualTo(new Compare(Field.USER_NAME, Operator.EQ, "a"));
    }

    @Test
    void theSingleValuedStoredAttributesAreFilterableOnTheirUserAttributes() {
        Compare title = (Compare) parse("title eq \"Guide\"");
        assertThat(title.field().attribute).isEqualTo("title");
        assertThat(title.field().caseExact).isFalse();
        Compare department = (Compare) parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department sw \"To\"");
        assertThat(department.field().attribute).isEqualTo("department");
        assertThat(department.operator()).isEqualTo(Operator.SW);
        Compare manager = (Compare) parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"m\"");
        assertThat(manager.field().attribute).isEqualTo("manager");
        assertThat(manager.field().caseExact).as("an id").isTrue();
        assertThat(((Present) parse("name.middleName pr")).field().attribute).isEqualTo("middleName");
        assertThat(((Compare) parse("timezone eq \"UTC\"")).field().attribute).isEqualTo("zoneinfo");
    }

    @Test
    void booleansAndTheWso2FlagWhichIsTheirNegation() {
        assertThat(parse("active eq true")).isEqualTo(new Compare(Field.ACTIVE, Operator.EQ, true));
        assertThat(parse("active ne \"False\"")).isEqualTo(new Compare(Field.ACTIVE, Operator.NE, false));
        assertThat(parse("urn:scim:wso2:schema:accountDisabled eq true"))
                .isEqualTo(new Compare(Field.ACCOUNT_DISABLED, Operator.EQ, false));
    }

    @Test
    void datesCompareAsInstants() {
        long instant = Instant.parse("2026-01-31T12:00:00Z").toEpochMilli();
        assertThat(parse("meta.lastModified gt \"2026-01-31T12:00:00Z\""))
                .isEqualTo(new Compare(Field.LAST_MODIFIED, Operator.GT, instant));
        assertThat(parse("meta.created le \"2026-01-31T12:00:00Z\""))
                .isEqualTo(new Compare(Field.CREATED, Operator.LE, instant));
    }

    @Test
    void logicKeepsItsShapeAndPrecedence() {
        Compare a = new Compare(Field.USER_NAME, Operator.EQ, "a");
        Compare b = new Compare(Field.USER_NAME, Operator.EQ, "b");
        Compare inactive = new Compare(Field.ACTIVE, Operator.EQ, false);
        assertThat(parse("userName eq \"a\" or userName eq \"b\" and active eq false"))
                .isEqualTo(new Or(a, new And(b, inactive)));
        assertThat(parse("(userName eq \"a\" or userName eq \"b\") and active eq false"))
                .isEqualTo(new And(new Or(a, b), inactive));
        assertThat(parse("not (active eq false)")).isEqualTo(new Not(inactive));
    }

    @Test
    void theEmailValueFilterAsksForTheOneStoredWorkEmail() {
        Present hasEmail = new Present(Field.EMAIL);
        assertThat(parse("emails[type eq \"work\" and value eq \"a@x.org\"]")).isEqualTo(new And(hasEmail,
                new And(new Constant(true), new Compare(Field.EMAIL, Operator.EQ, "a@x.org"))));
        assertThat(parse("emails[type eq \"home\"]")).isEqualTo(new And(hasEmail, new Constant(false)));
        assertThat(parse("emails[primary eq true]")).isEqualTo(new And(hasEmail, new Constant(true)));
    }

    @Test
    void escapedQuotesStayInTheValue() {
        assertThat(parse("userName eq \"o\\\"brien\"")).isEqualTo(new Compare(Field.USER_NAME, Operator.EQ, "o\"brien"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"phoneNumbers.value eq \"x\"", "addresses pr", "ims pr", "userName eq", "userName eq \"a", "(active eq true",
            "active eq true)", "active eq 1", "active eq maybe", "active gt true", "userName eq true",
            "meta.created co \"2026\"", "meta.created gt \"yesterday\"", "name[givenName eq \"a\"]",
            "emails[display eq \"a\"]", "emails[value eq \"a\"", "userName eq null", "userName eq \"a\" and", ""
            + "\u0000", "emails[type eq \"work\"].value eq \"a@x.org\""})
    void refusesWhatItCantAnswerExactly(String filter) {
        // phoneNumbers and addresses are kept as JSON values: not filterable, so refused rather than answered wrong.
        assertThatThrownBy(() -> ScimUserFilter.parse(filter)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo(ScimException.INVALID_FILTER));
    }

    @Test
    void keycloaksParserBoundsDepthAndLength() {
        String allowed = "(".repeat(FilterUtils.MAX_FILTER_DEPTH - 1) + "userName eq \"a\"" + ")".repeat(FilterUtils.MAX_FILTER_DEPTH - 1);
        assertThat(parse(allowed)).isEqualTo(new Compare(Field.USER_NAME, Operator.EQ, "a"));
        for (int depth : new int[] {FilterUtils.MAX_FILTER_DEPTH + 1, 2_000, 100_000}) {
            String deep = "(".repeat(depth) + "userName eq \"a\"" + ")".repeat(depth);
            assertThatThrownBy(() -> ScimUserFilter.parse(deep)).isInstanceOfSatisfying(ScimException.class,
                    e -> assertThat(e.scimType()).isEqualTo(ScimException.INVALID_FILTER));
        }
    }
}
