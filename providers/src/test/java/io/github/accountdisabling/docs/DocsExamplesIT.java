package io.github.accountdisabling.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.accountdisabling.docs.DocsExamples.Example;
import io.github.accountdisabling.testing.KeycloakIntegrationTest;
import io.github.accountdisabling.testing.KeycloakServer;
import io.github.accountdisabling.testing.TestClient;
import io.github.accountdisabling.testing.TestRealm;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@code ```sh} example of the README and {@code docs/} with bash, curl, jq and the distribution's
 * kcadm against the test server, in a fresh copy of the demo realm per document (the examples' {@code demo} and
 * {@code http://localhost:8080} point there). Each request must answer 2xx, but the last of a block whose documented
 * output is an error, which must be that 4xx; a documented output must match what the block printed: the same
 * fields, the same values but for timestamps and elisions ({@code …}).
 */
@KeycloakIntegrationTest
class DocsExamplesIT {

    private static final Pattern BLOCK = Pattern.compile("^@@block (\\d+)$", Pattern.MULTILINE);
    private static final Pattern STATUS = Pattern.compile("^@@status (\\d{3})$", Pattern.MULTILINE);
    private static final Pattern DEMO_REALM = Pattern.compile("(?<=realms/|-r )demo(?=[/?'\"\\s]|$)", Pattern.MULTILINE);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT.*");

    @TestFactory
    Stream<DynamicTest> everyExampleRunsAsDocumented(KeycloakServer server, TestClient client) {
        Path root = Path.of(System.getProperty("kc.realm.config.dir", "../realm-config")).toAbsolutePath().getParent();
        List<Path> documents = DocsExamples.documents(root).stream()
                .filter(path -> !DocsExamples.examples(path).isEmpty()).toList();
        assertThat(documents).as("the README's tour is run").contains(root.resolve("README.md"));
        return documents.stream().map(document -> DynamicTest.dynamicTest(root.relativize(document).toString(),
                () -> run(root, document, server, client)));
    }

    private static void run(Path root, Path document, KeycloakServer server, TestClient client) throws Exception {
        List<Example> examples = DocsExamples.examples(document);
        try (TestRealm realm = TestRealm.create(client, "docs")) {
            Path home = Files.createTempDirectory("docs-examples");
            Path stdout = home.resolve("stdout");
            Path stderr = home.resolve("stderr");
            Process bash = new ProcessBuilder("bash", "-c", script(examples, server.baseUrl(), realm.name(), home))
                    .directory(root.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            boolean finished = bash.waitFor(3, TimeUnit.MINUTES);
            if (!finished) {
                bash.destroyForcibly();
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            Map<Integer, String> outs = byBlock(out);
            Map<Integer, String> errs = byBlock(err);
            int last = errs.isEmpty() ? -1 : ((TreeMap<Integer, String>) errs).lastKey();
            assertThat(finished && bash.exitValue() == 0)
                    .as("%s stopped in the block at %s:%n%s", document.getFileName(),
                            last < 0 ? "its start" : examples.get(last), tail(err))
                    .isTrue();
            SoftAssertions soft = new SoftAssertions();
            for (int i = 0; i < examples.size(); i++) {
                check(soft, examples.get(i), outs.getOrDefault(i, ""), errs.getOrDefault(i, ""));
            }
            soft.assertAll();
        }
    }

    private static String script(List<Example> examples, String baseUrl, String realm, Path home) {
        StringBuilder script = new StringBuilder("""
                set -euo pipefail
                export HOME='%s'
                export PATH='%s':"$PATH"
                curl() { command curl -w '%%{stderr}\\n@@status %%{http_code}\\n' "$@"; }
                """.formatted(home, Path.of(System.getProperty("kc.dist.dir")).resolve("bin")));
        for (int i = 0; i < examples.size(); i++) {
            String body = examples.get(i).script().replace("http://localhost:8080", baseUrl);
            body = DEMO_REALM.matcher(body).replaceAll(Matcher.quoteReplacement(realm));
            script.append("printf '\\n@@block %d\\n'; printf '\\n@@block %d\\n' >&2\n".formatted(i, i))
                    .append(body).append('\n');
        }
        return script.append("printf '\\n'\n").toString();
    }

    private static void check(SoftAssertions soft, Example example, String out, String err) {
        List<Integer> statuses = new ArrayList<>();
        Matcher status = STATUS.matcher(err);
        while (status.find()) {
            statuses.add(Integer.parseInt(status.group(1)));
        }
        if (example.script().contains("curl ")) {
            soft.assertThat(statuses).as("%s: requests made", example).isNotEmpty();
        }
        JsonNode expected = example.expectedJson() == null ? null : TestClient.readJson(example.expectedJson());
        boolean documentsARefusal = expected != null && expected.has("error");
        for (int i = 0; i < statuses.size(); i++) {
            int code = statuses.get(i);
            if (documentsARefusal && i == statuses.size() - 1) {
                soft.assertThat(code).as("%s: the documented refusal's status", example).isBetween(400, 499);
            } else {
                soft.assertThat(code).as("%s: request %d of the block%n%s", example, i + 1, out).isBetween(200, 299);
            }
        }
        if (expected != null) {
            List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
            soft.assertThat(lines).as("%s: printed something", example).isNotEmpty();
            if (!lines.isEmpty()) {
                JsonNode actual = TestClient.readJson(lines.get(lines.size() - 1));
                soft.assertThat(fieldNames(actual)).as("%s: the documented fields", example)
                        .containsExactlyInAnyOrderElementsOf(fieldNames(expected));
                compareValues(soft, example, "", expected, actual);
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            names.add(field.getKey());
            fieldNames(field.getValue()).forEach(child -> names.add(field.getKey() + "." + child));
        }
        return names;
    }

    private static void compareValues(SoftAssertions soft, Example example, String path, JsonNode expected,
                                      JsonNode actual) {
        if (expected.isObject()) {
            expected.fields().forEachRemaining(field -> {
                if (actual.has(field.getKey())) {
                    compareValues(soft, example, path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()));
                }
            });
        } else if (expected.isValueNode() && !(expected.isTextual()
                && (expected.asText().contains("…") || TIMESTAMP.matcher(expected.asText()).matches()))) {
            soft.assertThat(actual).as("%s: %s", example, path).isEqualTo(expected);
        }
    }

    private static Map<Integer, String> byBlock(String text) {
        TreeMap<Integer, String> blocks = new TreeMap<>();
        Matcher marker = BLOCK.matcher(text);
        int block = -1;
        int from = 0;
        while (marker.find()) {
            if (block >= 0) {
                blocks.put(block, text.substring(from, marker.start()));
            }
            block = Integer.parseInt(marker.group(1));
            from = marker.end();
        }
        if (block >= 0) {
            blocks.put(block, text.substring(from));
        }
        return blocks;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
