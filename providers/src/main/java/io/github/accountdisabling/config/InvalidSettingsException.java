package io.github.accountdisabling.config;

/** A settings change that was refused before anything was stored; {@link #code()} is the contract's stable code. */
public final class InvalidSettingsException extends RuntimeException {

    private final String code;

    public InvalidSettingsException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
