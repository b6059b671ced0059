package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.accountdisabling.scim.ScimGroupPatch.AddMembers;
import io.github.accountdisabling.scim.ScimGroupPatch.RemoveMembers;
import io.github.accountdisabling.scim.ScimGroupPatch.Rename;
import io.github.accountdisabling.scim.ScimGroupPatch.ReplaceMembers;
import io.github.accountdisabling.scim.ScimGroupPatch.SetExternalId;
import io.github.accountdisabling.scim.ScimGroupPatch.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PatchOp shapes Entra ID and Okta send for groups, and what is refused. */
class ScimGroupPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP_ID = "9b2c1e0a-0000-4000-8000-000000000001";

    private static List<Step> steps(String operations) throws Exception {
        return ScimGroupPatch.steps(JSON.readTree(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [" + operations
                        + "]}"), GROUP_ID);
    }

    @Test
    void entraAddsAndRemovesMembersAsValueArrays() throws Exception {
        assertThat(steps("""
                {"op": "Add", "path": "members", "value": [{"value": "u1"}, {"value": "u2"}]},
                {"op": "Remove", "path": "members", "value": [{"value": "u3"}]}""")).containsExactly(
                new AddMembers(List.of("u1", "u2")), new RemoveMembers(List.of("u3")));
    }

    @Test
    void entraRenamesAndSetsExternalId() throws Exception {
        assertThat(steps("""
                {"op": "Replace", "path": "displayName", "value": "Sales EU"},
                {"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:Group:externalId", "value": "x-1"}"""))
                .containsExactly(new Rename("Sales EU"), new SetExternalId("x-1"));
    }

    @Test
    void oktaRemovesByValueFilterAndReplacesWithoutPath() throws Exception {
        assertThat(steps("""
                {"op": "remove", "path": "members[value eq \\"u1\\"]"},
                {"op": "remove", "path": "members[value eq \\"u2\\" or value eq \\"u3\\"]"},
                {"op": "replace", "value": {"id": "%s", "displayName": "Renamed"}},
                {"op": "add", "value": {"members": [{"value": "u4", "display": "dana"}]}}""".formatted(GROUP_ID)))
                .containsExactly(new RemoveMembers(List.of("u1")), new RemoveMembers(List.of("u2", "u3")),
                        new Rename("Renamed"), new AddMembers(List.of("u4")));
    }

    @Test
    void removingAllMembersAndReplacingThem() throws Exception {
        assertThat(steps("""
                {"op": "remove", "path": "members"},
                {"op": "replace", "path": "members", "value": [{"value": "u9"}]},
                {"op": "remove", "path": "externalId"},
                {"op": "Replace", "path": "externalId", "value": null},
                {"op": "replace", "path": "members", "value": null}""")).containsExactly(
                new ReplaceMembers(List.of()), new ReplaceMembers(List.of("u9")), new SetExternalId(null),
                new SetExternalId(null), new ReplaceMembers(List.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"op\": \"remove\", \"path\": \"displayName\"}                                        | mutability",
            "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": null}                     | mutability",
            "{\"op\": \"replace\", \"path\": \"id\", \"value\": \"other\"}                          | mutability",
            "{\"op\": \"replace\", \"value\": {\"id\": \"other\", \"displayName\": \"x\"}}          | mutability",
            "{\"op\": \"replace\", \"path\": \"meta.created\", \"value\": \"2020-01-01T00:00:00Z\"} | mutability",
            "{\"op\": \"replace\", \"path\": \"description\", \"value\": \"x\"}                     | invalidPath",
            "{\"op\": \"add\", \"path\": \"members[value eq \\\"u1\\\"]\", \"value\": [{\"value\": \"u1\"}]} | invalidPath",
            "{\"op\": \"remove\", \"path\": \"members[display eq \\\"x\\\"]\"}                     | invalidPath",
            "{\"op\": \"remove\", \"path\": \"members[value eq \\\"u1\\\" and value eq \\\"u2\\\"]\"} | invalidPath",
            "{\"op\": \"remove\", \"path\": \"members[value eq \"}                                  | invalidPath",
            "{\"op\": \"remove\", \"path\": \"members[value eq \\\"u1\\\"].display\"}              | invalidPath",
            "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": 7}                         | invalidValue",
            "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": \" \"}                     | invalidValue",
            "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"display\": \"no value\"}]}     | invalidValue",
            "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": 12}]}                 | invalidValue",
            "{\"op\": \"add\", \"path\": \"members\", \"value\": [\"u1\"]}                          | invalidValue",
            "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"u1\", \"color\": 1}]} | invalidSyntax",
            "{\"op\": \"add\", \"path\": \"members\"}                                              | invalidValue",
            "{\"op\": \"remove\"}                                                                  | noTarget",
            "{\"op\": \"move\", \"path\": \"members\"}                                             | invalidSyntax",
            "{\"op\": \"replace\", \"value\": \"x\"}                                               | invalidValue",
    })
    void refusals(String operation, String scimType) {
        assertThatThrownBy(() -> steps(operation))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(scimType);
                });
    }

    @Test
    void aBodyThatIsNoPatchOpIsRefused() {
        assertThatThrownBy(() -> ScimGroupPatch.steps(JSON.readTree("{\"Operations\": []}"), GROUP_ID))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }
}
