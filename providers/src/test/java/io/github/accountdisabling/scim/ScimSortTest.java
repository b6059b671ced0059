package io.github.accountdisabling.scim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScimSortTest {

    @Test
    void theDefaultIsTheIndexedName() {
        assertThat(ScimSort.users(null, null)).isEqualTo(new ScimSort("username", true, false));
        assertThat(ScimSort.groups("", "")).isEqualTo(new ScimSort("name", true, false));
    }

    @ParameterizedTest
    @CsvSource({
            "userName, descending, username, true, true",
            "urn:ietf:params:scim:schemas:core:2.0:User:name.familyName, Ascending, lastName, false, false",
            "emails.value, , email, true, false",
            "meta.lastModified, DESCENDING, lastModifiedTimestamp, true, true",
    })
    void sortsOnColumns(String sortBy, String sortOrder, String column, boolean asStored, boolean descending) {
        assertThat(ScimSort.users(sortBy, sortOrder)).isEqualTo(new ScimSort(column, asStored, descending));
    }

    @ParameterizedTest
    @CsvSource({"title, ", "externalId, ", "urn:scim:wso2:schema:accountDisabled, ", "userName, up", "phoneNumbers, "})
    void refusesWhatNoColumnHolds(String sortBy, String sortOrder) {
        assertThatThrownBy(() -> ScimSort.users(sortBy, sortOrder)).isInstanceOfSatisfying(ScimException.class,
                e -> assertThat(e.scimType()).isEqualTo(ScimException.INVALID_VALUE));
        assertThatThrownBy(() -> ScimSort.groups("members", null)).isInstanceOf(ScimException.class);
    }
}
