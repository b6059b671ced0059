package io.github.accountdisabling.docs;

import io.github.accountdisabling.docs.DocsExamples.Example;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README is a front page whose links, like those of {@code docs/}, all lead somewhere. */
class DocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyLocalLinkAndAnchorExists() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path document : DocsExamples.documents(ROOT)) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                    continue;
                }
                int hash = target.indexOf('#');
                Path file = hash == 0 ? document : document.resolveSibling(hash < 0 ? target : target.substring(0, hash));
                if (!Files.exists(file)) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(document) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeIsAFrontPage() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThanOrEqualTo(350);
        assertThat(DocsExamples.examples(ROOT.resolve("README.md"))).as("the tour runs").hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void anExampleIsAShBlockAndTheJsonRightAfterItIsItsOutput() {
        List<Example> examples = DocsExamples.parse(Path.of("x.md"), List.of(
                "text", "```sh", "curl -s a", "```", "", "```json", "{\"a\": 1}", "```",
                "```", "not run", "```", "```sh", "curl -s b", "```", "prose", "```json", "{}", "```"));
        assertThat(examples).extracting(Example::script).containsExactly("curl -s a", "curl -s b");
        assertThat(examples).extracting(Example::expectedJson).containsExactly("{\"a\": 1}", null);
        assertThat(examples.get(0).line()).isEqualTo(2);
        assertThatThrownBy(() -> DocsExamples.parse(Path.of("x.md"), List.of("```sh", "curl")))
                .hasMessageContaining("never closed");
    }

    @Test
    void headingsBecomeGitHubAnchors() {
        assertThat(anchor("Keycloak's own doors: the console switch, `PUT /users/{id}`, kcadm, Keycloak's SCIM"))
                .isEqualTo("keycloaks-own-doors-the-console-switch-put-usersid-kcadm-keycloaks-scim");
        assertThat(anchor("What `./run-demo.sh` does")).isEqualTo("what-run-demosh-does");
    }

    private static List<String> anchors(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith("#"))
                .map(line -> anchor(line.replaceFirst("^#+\\s*", ""))).toList();
    }

    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
