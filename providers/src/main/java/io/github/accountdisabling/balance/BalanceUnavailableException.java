package io.github.accountdisabling.balance;

public final class BalanceUnavailableException extends RuntimeException {

    public BalanceUnavailableException(String message) {
        super(message);
    }

    public BalanceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
