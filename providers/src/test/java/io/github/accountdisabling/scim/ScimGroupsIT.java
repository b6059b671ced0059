package io.github.accountdisabling.scim;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestClient.Response;
import io.github.accountdisabling.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import static io.github.accountdisabling.scim.ScimErrorAssertions.assertScimError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /scim2/Groups}: the group provisioning sequences of Entra ID and Okta request by request as their
 * documentation shows them, the refusals (each leaving the group as it was), members a SCIM DELETE removed, and
 * concurrent membership changes of one group.
 */
@KeycloakIntegrationTest
class ScimGroupsIT {

    private static final String SCIM = "application/scim+json";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static TestClient client;
    private static TestRealm realm;
    private static String token;

    @BeforeAll
    static void setUp(TestClient testClient) {
        client = testClient;
        realm = TestRealm.create(client, "scimgroups");
        token = realm.apiToken();
    }

    @AfterAll
    static void tearDown() {
        realm.close();
    }

    private static String groups(String suffix) {
        return "/realms/" + realm.name() + "/scim2/Groups" + suffix;
    }

    private static String filter(String filter, String more) {
        return groups("?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8) + more);
    }

    private static Response send(String method, String path, String body) {
        return client.send(method, path, token, SCIM, body);
    }

    private static Response patch(String groupId, String operations) {
        return send("PATCH", groups("/" + groupId), "{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": ["
                + operations + "]}");
    }

    private static String user(String prefix) {
        return realm.createUser(prefix + "-" + UUID.randomUUID().toString().substring(0, 6), "Pa55word-x", Map.of());
    }

    /** The members as Keycloak itself has them. */
    private static List<String> keycloakMembers(String groupId) {
        return realm.resource().groups().group(groupId).members(0, 10_000).stream().map(UserRepresentation::getId)
                .sorted().toList();
    }

    private static GroupRepresentation keycloakGroup(String groupId) {
        return realm.resource().groups().group(groupId).toRepresentation();
    }

    private static List<String> memberIds(JsonNode group) {
        return StreamSupport.stream(group.path("members").spliterator(), false).map(m -> m.get("value").asText())
                .sorted().toList();
    }

    private static String create(String displayName, String externalId, String... members) {
        StringBuilder body = new StringBuilder("{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"" + displayName
                + "\"");
        if (externalId != null) {
            body.append(", \"externalId\": \"").append(externalId).append('"');
        }
        body.append(", \"members\": [");
        for (int i = 0; i < members.length; i++) {
            body.append(i == 0 ? "" : ", ").append("{\"value\": \"").append(members[i]).append("\"}");
        }
        body.append("]}");
        Response created = send("POST", groups(""), body.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static String sorted(String... ids) {
        return String.join(",", java.util.Arrays.stream(ids).sorted().toList());
    }

    @Test
    void entraIdGroupProvisioningSequence() {
        String ann = user("ann");
        String bob = user("bob");
        String displayName = "Entra Group " + UUID.randomUUID().toString().substring(0, 8);
        String externalId = UUID.randomUUID().toString();

        Response lookup = client.get(filter("displayName eq \"" + displayName + "\"", "&excludedAttributes=members"),
                token);
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().get("totalResults").asInt()).isZero();

        Response created = send("POST", groups(""), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                             "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"],
                 "externalId": "%s", "displayName": "%s", "members": []}""".formatted(externalId, displayName));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith(SCIM);
        JsonNode group = created.json();
        String id = group.get("id").asText();
        assertThat(created.header("Location")).endsWith("/scim2/Groups/" + id);
        assertThat(group.get("schemas")).extracting(JsonNode::asText).containsExactly(GROUP);
        assertThat(group.get("displayName").asText()).isEqualTo(displayName);
        assertThat(group.get("externalId").asText()).isEqualTo(externalId);
        assertThat(group.get("meta").get("resourceType").asText()).isEqualTo("Group");
        assertThat(group.get("meta").get("location").asText()).isEqualTo(created.header("Location"));
        assertThat(keycloakGroup(id).getName()).isEqualTo(displayName);

        JsonNode found = client.get(filter("displayName eq \"" + displayName.toUpperCase() + "\"",
                "&excludedAttributes=members"), token).json();
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.get("Resources").get(0).get("id").asText()).isEqualTo(id);
        assertThat(found.get("Resources").get(0).has("members")).isFalse();
        assertThat(client.get(filter("externalId eq \"" + externalId + "\"", ""), token).json()
                .get("totalResults").asInt()).isEqualTo(1);

        assertThat(patch(id, """
                {"op": "Add", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}]}""".formatted(ann, bob))
                .status()).isEqualTo(204);
        assertThat(keycloakMembers(id)).containsExactlyInAnyOrder(ann, bob);

        String memberFilter = "id eq \"" + id + "\" and members[value eq \"" + ann + "\"]";
        assertThat(client.get(filter(memberFilter, "&excludedAttributes=members"), token).json()
                .get("totalResults").asInt()).isEqualTo(1);

        assertThat(patch(id, """
                {"op": "Remove", "path": "members", "value": [{"value": "%s"}]}""".formatted(ann)).status())
                .isEqualTo(204);
        assertThat(keycloakMembers(id)).containsExactly(bob);
        assertThat(client.get(filter(memberFilter, "&excludedAttributes=members"), token).json()
                .get("totalResults").asInt()).isZero();

        String renamed = displayName + " (renamed)";
        assertThat(patch(id, """
                {"op": "Replace", "path": "displayName", "value": "%s"}""".formatted(renamed)).status())
                .isEqualTo(204);
        assertThat(keycloakGroup(id).getName()).isEqualTo(renamed);
        JsonNode read = client.get(groups("/" + id), token).json();
        assertThat(read.get("displayName").asText()).isEqualTo(renamed);
        assertThat(memberIds(read)).containsExactly(bob);

        assertThat(client.send("DELETE", groups("/" + id), token, null, null).status()).isEqualTo(204);
        assertScimError(client.get(groups("/" + id), token), 404, null);
        assertThat(realm.resource().groups().groups(renamed, 0, 10)).isEmpty();
        assertThat(realm.user(bob).toRepresentation().isEnabled()).as("members are kept as users").isTrue();
    }

    @Test
    void oktaGroupProvisioningSequence() {
        String carol = user("carol");
        String dave = user("dave");
        String displayName = "Okta Group " + UUID.randomUUID().toString().substring(0, 8);
        String carolName = realm.user(carol).toRepresentation().getUsername();

        Response created = send("POST", groups(""), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s",
                 "members": [{"value": "%s", "display": "%s"}]}""".formatted(displayName, carol, carolName));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        JsonNode member = created.json().get("members").get(0);
        assertThat(member.get("value").asText()).isEqualTo(carol);
        assertThat(member.get("display").asText()).isEqualTo(carolName);
        assertThat(member.get("$ref").asText()).endsWith("/scim2/Users/" + carol);
        assertThat(keycloakMembers(id)).containsExactly(carol);

        JsonNode page = client.get(groups("?startIndex=1&count=100"), token).json();
        assertThat(page.get("Resources")).extracting(g -> g.get("id").asText()).contains(id);

        assertThat(patch(id, """
                {"op": "remove", "path": "members[value eq \\"%s\\"]"}""".formatted(carol)).status()).isEqualTo(204);
        assertThat(keycloakMembers(id)).isEmpty();

        String renamed = displayName + " renamed";
        assertThat(patch(id, """
                {"op": "replace", "value": {"id": "%s", "displayName": "%s"}}""".formatted(id, renamed)).status())
                .isEqualTo(204);
        assertThat(keycloakGroup(id).getName()).isEqualTo(renamed);

        assertThat(patch(id, """
                {"op": "add", "path": "members", "value": [{"value": "%s", "display": "d"}, {"value": "%s"}]}"""
                .formatted(dave, carol)).status()).isEqualTo(204);
        assertThat(keycloakMembers(id)).containsExactlyInAnyOrder(carol, dave);

        Response replaced = send("PUT", groups("/" + id), """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "%s", "displayName": "%s",
                 "members": [{"value": "%s"}]}""".formatted(id, displayName, dave));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(memberIds(replaced.json())).containsExactly(dave);
        assertThat(replaced.json().has("externalId")).isFalse();
        assertThat(keycloakMembers(id)).containsExactly(dave);
        assertThat(keycloakGroup(id).getName()).isEqualTo(displayName);

        assertThat(client.send("DELETE", groups("/" + id), token, null, null).status()).isEqualTo(204);
        assertScimError(patch(id, "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + dave
                + "\"}]}"), 404, null);
    }

    @Test
    void refusalsLeaveTheGroupAsItWas() {
        String erin = user("erin");
        String frank = user("frank");
        String name = "Refusals " + UUID.randomUUID().toString().substring(0, 8);
        String other = "Other " + UUID.randomUUID().toString().substring(0, 8);
        String id = create(name, "ext-r", erin);
        create(other, null);
        JsonNode before = client.get(groups("/" + id), token).json();
        int groupsBefore = realm.resource().groups().groups().size();

        // a member that is no user, after one that is: nothing of the request is kept
        assertScimError(patch(id, """
                {"op": "add", "path": "members", "value": [{"value": "%s"}]},
                {"op": "add", "path": "members", "value": [{"value": "%s"}]}""".formatted(frank,
                UUID.randomUUID())), 400, "invalidValue");
        assertScimError(patch(id, "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": \"" + other + "\"}"),
                409, "uniqueness");
        assertScimError(patch(id, "{\"op\": \"remove\", \"path\": \"displayName\"}"), 400, "mutability");
        assertScimError(patch(id, "{\"op\": \"replace\", \"path\": \"owner\", \"value\": \"x\"}"), 400, "invalidPath");
        assertScimError(patch(id, "{\"op\": \"replace\", \"value\": {\"id\": \"other\", \"displayName\": \"x\"}}"),
                400, "mutability");
        assertScimError(send("PUT", groups("/" + id), "{\"schemas\": [\"" + GROUP + "\"], \"members\": []}"),
                400, "invalidValue");
        assertScimError(client.sendWithHeaders("PATCH", groups("/" + id), token, SCIM, "{\"schemas\": [\"" + PATCH_OP
                        + "\"], \"Operations\": [{\"op\": \"remove\", \"path\": \"members\"}]}",
                Map.of("If-Match", "W/\"stale\"")), 412, null);
        assertThat(client.get(groups("/" + id), token).json()).isEqualTo(before);
        assertThat(keycloakMembers(id)).containsExactly(erin);
        assertThat(keycloakGroup(id).getName()).isEqualTo(name);

        // creations that are refused create nothing
        assertScimError(send("POST", groups(""), "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"" + name
                + "\"}"), 409, "uniqueness");
        assertScimError(send("POST", groups(""), "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"new\", "
                + "\"owner\": \"x\"}"), 400, "invalidSyntax");
        assertScimError(send("POST", groups(""), "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": 42}"),
                400, "invalidValue");
        assertScimError(send("POST", groups(""), "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"new2\", "
                + "\"members\": [{\"value\": \"nobody\"}]}"), 400, "invalidValue");
        assertThat(realm.resource().groups().groups()).hasSize(groupsBefore);

        // reads
        assertScimError(client.get(groups("/" + UUID.randomUUID()), token), 404, null);
        assertScimError(client.get(filter("description eq \"x\"", ""), token), 400, "invalidFilter");
        assertScimError(client.get(filter("members co \"x\"", ""), token), 400, "invalidFilter");
        assertScimError(client.get(filter("displayName eq ", ""), token), 400, "invalidFilter");
        assertScimError(client.get(groups("?excludedAttributes=owner"), token), 400, "invalidValue");
        assertScimError(client.get(groups(""), null), 401, null);
    }

    @Test
    void ifMatchWithTheCurrentVersionApplies() {
        String id = create("Versioned " + UUID.randomUUID().toString().substring(0, 8), null);
        Response read = client.get(groups("/" + id), token);
        String etag = read.header("ETag");
        assertThat(etag).isEqualTo(read.json().get("meta").get("version").asText()).startsWith("W/\"");
        Response renamed = client.sendWithHeaders("PATCH", groups("/" + id), token, SCIM, "{\"schemas\": [\""
                + PATCH_OP + "\"], \"Operations\": [{\"op\": \"replace\", \"path\": \"externalId\", \"value\": \"v2\"}]}",
                Map.of("If-Match", etag));
        assertThat(renamed.status()).isEqualTo(204);
        Response after = client.get(groups("/" + id), token);
        assertThat(after.json().get("externalId").asText()).isEqualTo("v2");
        assertThat(after.header("ETag")).isNotEqualTo(etag);
    }

    @Test
    void aUserDeletedThroughScimIsNoMemberForScimButKeepsItsKeycloakMembership() {
        String gina = user("gina");
        String hugo = user("hugo");
        String id = create("Deleted members " + UUID.randomUUID().toString().substring(0, 8), null, gina, hugo);
        assertThat(client.send("DELETE", "/realms/" + realm.name() + "/scim2/Users/" + gina, token, null, null)
                .status()).isEqualTo(204);

        assertThat(memberIds(client.get(groups("/" + id), token).json())).containsExactly(hugo);
        assertThat(client.get(filter("members[value eq \"" + gina + "\"]", ""), token).json()
                .get("totalResults").asInt()).isZero();
        assertScimError(patch(id, "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + gina
                + "\"}]}"), 400, "invalidValue");
        assertThat(keycloakMembers(id)).as("reactivation gives the same account back").contains(gina, hugo);
    }

    @Test
    void keycloakTopLevelGroupsAreScimGroupsAndSubgroupsAreNot() {
        String parentName = "Parent " + UUID.randomUUID().toString().substring(0, 8);
        GroupRepresentation parent = new GroupRepresentation();
        parent.setName(parentName);
        realm.resource().groups().add(parent).close();
        String parentId = realm.resource().groups().groups(parentName, 0, 1).get(0).getId();
        GroupRepresentation child = new GroupRepresentation();
        child.setName("Child");
        realm.resource().groups().group(parentId).subGroup(child).close();
        String childId = realm.resource().groups().group(parentId).getSubGroups(0, 10, false).get(0).getId();

        assertThat(client.get(groups("/" + parentId), token).json().get("displayName").asText()).isEqualTo(parentName);
        assertScimError(client.get(groups("/" + childId), token), 404, null);
        assertThat(client.get(filter("displayName eq \"Child\"", ""), token).json().get("totalResults").asInt())
                .isZero();
    }

    @Test
    void filtersAndPagesAreAnsweredInNameOrder() {
        String prefix = "Paged-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        String b = create(prefix + "b", "ext-b");
        String a = create(prefix + "a", "ext-a");
        String c = create(prefix + "c", null);

        JsonNode first = client.get(filter("displayName sw \"" + prefix + "\"", "&count=2"), token).json();
        assertThat(first.get("totalResults").asInt()).isEqualTo(3);
        assertThat(first.get("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(first.get("Resources")).extracting(g -> g.get("id").asText()).containsExactly(a, b);
        JsonNode second = client.get(filter("displayName sw \"" + prefix + "\"", "&count=2&startIndex=3"), token)
                .json();
        assertThat(second.get("Resources")).extracting(g -> g.get("id").asText()).containsExactly(c);

        assertThat(ids(filter("displayName sw \"" + prefix + "\" and not (externalId pr)", ""))).containsExactly(c);
        assertThat(ids(filter("displayName sw \"" + prefix + "\" and (externalId eq \"ext-a\" or id eq \"" + c
                + "\")", ""))).containsExactly(a, c);
        assertThat(ids(filter("displayName sw \"" + prefix + "\" and externalId ne \"ext-a\"", "")))
                .containsExactly(b, c);
        assertThat(ids(filter("displayName sw \"" + prefix + "\" and meta.created gt \"2000-01-01T00:00:00Z\"", "")))
                .containsExactly(a, b, c);
        assertThat(ids(filter("displayName sw \"" + prefix + "\" and meta.lastModified lt \"2000-01-01T00:00:00Z\"",
                ""))).isEmpty();
        assertThat(ids(filter("displayName sw \"" + prefix + "\"", "&sortBy=displayName&sortOrder=descending")))
                .containsExactly(c, b, a);
        Response unsortable = client.get(filter("displayName sw \"" + prefix + "\"", "&sortBy=externalId"), token);
        assertThat(unsortable.status()).isEqualTo(400);
        assertThat(unsortable.json().get("scimType").asText()).isEqualTo("invalidValue");
        JsonNode only = client.get(filter("id eq \"" + a + "\"", "&attributes=displayName"), token).json()
                .get("Resources").get(0);
        assertThat(only.has("displayName")).isTrue();
        assertThat(only.has("externalId")).isFalse();
        assertThat(only.has("members")).isFalse();
    }

    private static List<String> ids(String path) {
        Response response = client.get(path, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return StreamSupport.stream(response.json().get("Resources").spliterator(), false)
                .map(g -> g.get("id").asText()).toList();
    }

    @Test
    void discoveryDescribesGroups() {
        JsonNode types = client.get("/realms/" + realm.name() + "/scim2/ResourceTypes", token).json();
        assertThat(types.get("Resources")).extracting(t -> t.get("id").asText()).containsExactly("User", "Group");
        JsonNode type = client.get("/realms/" + realm.name() + "/scim2/ResourceTypes/Group", token).json();
        assertThat(type.get("endpoint").asText()).isEqualTo("/Groups");
        JsonNode schema = client.get("/realms/" + realm.name() + "/scim2/Schemas/" + GROUP, token).json();
        assertThat(schema.get("attributes")).extracting(a -> a.get("name").asText())
                .containsExactly("id", "externalId", "displayName", "members");
    }

    /**
     * Concurrent PATCHes of one group, each adding its own member and all adding one shared member: every round ends
     * with each member once and no request failing.
     */
    @Test
    void concurrentMembershipChangesOfOneGroupAllApply() throws Exception {
        String shared = user("shared");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                String id = create("Concurrent " + round + " " + UUID.randomUUID().toString().substring(0, 6), null);
                List<String> own = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    own.add(user("c" + round + i));
                }
                List<Future<Response>> answers = new ArrayList<>();
                for (String member : own) {
                    answers.add(pool.submit(() -> patch(id, """
                            {"op": "add", "path": "members", "value": [{"value": "%s"}, {"value": "%s"}]}"""
                            .formatted(member, shared))));
                }
                for (Future<Response> answer : answers) {
                    assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(204);
                }
                List<String> expected = new ArrayList<>(own);
                expected.add(shared);
                assertThat(keycloakMembers(id)).as("round " + round).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(memberIds(client.get(groups("/" + id), token).json())).hasSize(expected.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
