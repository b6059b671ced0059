package io.github.accountdisabling.scim;

/** A SCIM error (RFC 7644 §3.12): HTTP status, optional {@code scimType}, human-readable detail. */
final class ScimException extends RuntimeException {

    static final String INVALID_SYNTAX = "invalidSyntax";
    static final String INVALID_PATH = "invalidPath";
    static final String INVALID_VALUE = "invalidValue";
    static final String INVALID_FILTER = "invalidFilter";
    static final String MUTABILITY = "mutability";
    static final String NO_TARGET = "noTarget";
    static final String TOO_MANY = "tooMany";

    private final int status;
    private final String scimType;
    private final long retryAfterSeconds;

    ScimException(int status, String scimType, String detail) {
        this(status, scimType, detail, 0);
    }

    ScimException(int status, String scimType, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ScimException badRequest(String scimType, String detail) {
        return new ScimException(400, scimType, detail);
    }

    int status() {
        return status;
    }

    String scimType() {
        return scimType;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
