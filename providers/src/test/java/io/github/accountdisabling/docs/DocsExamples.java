package io.github.accountdisabling.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runnable examples of the README and {@code docs/}: every {@code ```sh} block, with the {@code ```json} block
 * that directly follows it, if any, as what its last command prints. Other fences ({@code ```} alone, {@code ```sql})
 * are not run.
 */
final class DocsExamples {

    /** One {@code ```sh} block: its file, its first line's number, its script and its documented output, or null. */
    record Example(Path file, int line, String script, String expectedJson) {
        @Override
        public String toString() {
            return file.getFileName() + ":" + line;
        }
    }

    private DocsExamples() {
    }

    /** README.md and every {@code docs/*.md} under {@code root}, README first. */
    static List<Path> documents(Path root) {
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static List<Example> examples(Path file) {
        try {
            return parse(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Example> parse(Path file, List<String> lines) {
        List<Example> examples = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (!lines.get(i).strip().equals("```sh")) {
                i++;
                continue;
            }
            int start = i + 1;
            int end = closingFence(lines, start, file);
            String script = String.join("\n", lines.subList(start, end));
            int next = end + 1;
            while (next < lines.size() && lines.get(next).isBlank()) {
                next++;
            }
            String expected = null;
            if (next < lines.size() && lines.get(next).strip().equals("```json")) {
                int jsonEnd = closingFence(lines, next + 1, file);
                expected = String.join("\n", lines.subList(next + 1, jsonEnd));
                i = jsonEnd + 1;
            } else {
                i = end + 1;
            }
            examples.add(new Example(file, start, script, expected));
        }
        return examples;
    }

    private static int closingFence(List<String> lines, int from, Path file) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return i;
            }
        }
        throw new IllegalArgumentException(file + ":" + from + ": a code block that is never closed");
    }
}
