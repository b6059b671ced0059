package io.github.accountdisabling.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** Reads a JWS and checks its RS256 signature against a JWKS document; no JOSE library needed. */
public final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String[] parts;
    private final JsonNode header;
    private final JsonNode claims;

    public Jwt(String compact) {
        parts = compact.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS: " + parts.length + " parts");
        }
        header = decode(parts[0]);
        claims = decode(parts[1]);
    }

    public JsonNode header() {
        return header;
    }

    public JsonNode claims() {
        return claims;
    }

    public boolean verifiedBy(JsonNode jwks) {
        if (!"RS256".equals(header.path("alg").asText())) {
            return false;
        }
        for (JsonNode key : jwks.path("keys")) {
            if (!key.path("kid").asText().equals(header.path("kid").asText()) || !"RSA".equals(key.path("kty").asText())) {
                continue;
            }
            try {
                PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText())),
                        new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()))));
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(publicKey);
                verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
        return false;
    }

    private static JsonNode decode(String part) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
