package io.github.accountdisabling.account;

/**
 * Why a state change was not made. {@code status} is the HTTP status the APIs answer with, {@code code}
 * the contract's stable code; nothing was changed when one of these is thrown.
 */
public final class Refusal extends RuntimeException {

    public static final String ACCOUNT_DISABLING_OFF = "account_disabling_off";
    public static final String ALREADY_DEACTIVATED = "already_deactivated";
    public static final String NOT_DEACTIVATED = "not_deactivated";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String USER_NOT_FOUND = "user_not_found";

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public Refusal(int status, String code, String message) {
        this(status, code, message, 0);
    }

    public Refusal(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds a rate-limited caller should wait; 0 for every other refusal. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
