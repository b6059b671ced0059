package io.github.accountdisabling.balance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parsing shared by the balance sources: strict decimals, nothing guessed. */
public final class Balances {

    public static final String ATTRIBUTE_PREFIX = "balance.";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Balances() {
    }

    public static boolean anyNonZero(Map<String, BigDecimal> balances) {
        return balances.values().stream().anyMatch(amount -> amount.signum() != 0);
    }

    /** A decimal string such as {@code 0.00} or {@code -12.5}; anything else means the balance is unknown. */
    public static BigDecimal amount(String currency, String text) {
        if (text == null || text.isBlank()) {
            throw new BalanceUnavailableException("Balance in " + currency + " is empty.");
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new BalanceUnavailableException("Balance in " + currency + " is not a decimal number.");
        }
    }

    /** {@code {"balances": {"USD": "0.00", "EUR": 1.5}}}; amounts as strings or JSON numbers. */
    public static Map<String, BigDecimal> fromLedgerJson(String body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BalanceUnavailableException("Ledger answer is not JSON.", e);
        }
        JsonNode balances = root == null ? null : root.get("balances");
        if (balances == null || !balances.isObject()) {
            throw new BalanceUnavailableException("Ledger answer has no 'balances' object.");
        }
        Map<String, BigDecimal> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = balances.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                result.put(entry.getKey(), amount(entry.getKey(), value.textValue()));
            } else if (value.isNumber()) {
                result.put(entry.getKey(), value.decimalValue());
            } else {
                throw new BalanceUnavailableException("Ledger balance in " + entry.getKey() + " is not a number.");
            }
        }
        return result;
    }
}
