package io.github.accountdisabling.scim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** What every SCIM resource type of this endpoint does alike: bodies, parameters, ETags, errors, URLs. */
final class ScimHttp {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 200;

    /**
     * Strict: duplicate keys, trailing tokens, unknown sub-attributes and a number or boolean where the schema says
     * string are refused rather than guessed at.
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        MAPPER.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private ScimHttp() {
    }

    /**
     * SCIM's own errors; a {@code Refusal} from the deactivation service is rendered by the door's mapper (see
     * ScimErrors). Either way nothing the request began is kept.
     */
    static Response handle(KeycloakSession session, Supplier<Response> action) {
        try {
            return action.get();
        } catch (ScimException e) {
            if (session.getTransactionManager().isActive()) {
                session.getTransactionManager().setRollbackOnly();
            }
            return ScimErrors.error(e.status(), e.scimType(), e.getMessage(), e.retryAfterSeconds());
        }
    }

    static JsonNode readBody(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ScimException(413, null, "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        if (bytes.length == 0) {
            throw ScimException.badRequest(ScimException.INVALID_SYNTAX, "The request body is empty.");
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ScimException.badRequest(ScimException.INVALID_SYNTAX, "The request body is not valid JSON.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int intParam(String value, int fallback, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.badRequest(ScimException.INVALID_VALUE, "'" + name + "' must be an integer.");
        }
    }

    /** RFC 7644 §3.4.2.4: 1-based, values below 1 mean 1. */
    static int startIndex(String value) {
        return Math.max(1, intParam(value, 1, "startIndex"));
    }

    static int count(String value) {
        return Math.min(MAX_COUNT, Math.max(0, intParam(value, DEFAULT_COUNT, "count")));
    }

    /** Throws 412 unless the request's {@code If-Match} (if any) names {@code currentVersion}. */
    static void checkIfMatch(KeycloakSession session, Supplier<String> currentVersion) {
        String ifMatch = session.getContext().getRequestHeaders().getHeaderString("If-Match");
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        String current = opaque(currentVersion.get());
        for (String candidate : ifMatch.split(",")) {
            if (opaque(candidate).equals(current)) {
                return;
            }
        }
        throw new ScimException(412, null, "The resource has changed since version " + ifMatch.trim()
                + "; read it again and retry.");
    }

    /** ETags compare by their opaque part; weak and strong forms of one version match. */
    private static String opaque(String etag) {
        String value = etag.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return value.replace("\"", "");
    }

    static Response ok(String json) {
        return Response.ok(json, ScimJson.MEDIA_TYPE).build();
    }

    static String baseUrl(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri().getBaseUri().toString().replaceAll("/$", "")
                + "/realms/" + realm.getName() + "/" + ScimResourceProviderFactory.ID;
    }

    static ScimException forbidden(String permission) {
        return new ScimException(403, null, "The caller lacks the '" + permission + "' permission.");
    }

    static AdminEventBuilder adminEvent(KeycloakSession session, RealmModel realm, ScimAuth.Authenticated auth) {
        return new AdminEventBuilder(realm, auth.adminAuth(), session, session.getContext().getConnection());
    }
}
