package io.github.accountdisabling.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The admin API's OpenAPI document, read once from the providers jar (built from {@code docs/openapi.json}). */
final class OpenApiDocument {

    static final String RESOURCE = "/META-INF/account-disabling/openapi.json";

    private OpenApiDocument() {
    }

    private static final class Holder {
        static final byte[] BYTES = load();
    }

    static byte[] bytes() {
        return Holder.BYTES;
    }

    private static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the providers jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
