package io.github.accountdisabling.support;

/**
 * Makes a value safe for one log line: control characters (a newline could forge a log entry) and bidirectional text
 * controls become {@code \\uXXXX}.
 */
public final class LogValues {

    private LogValues() {
    }

    public static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (Character.isISOControl(codePoint) || isBidiControl(codePoint)) {
                escaped.append(String.format("\\u%04x", codePoint));
            } else {
                escaped.appendCodePoint(codePoint);
            }
        });
        return escaped.toString();
    }

    /** Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the marks U+200E, U+200F, U+061C. */
    public static boolean isBidiControl(int codePoint) {
        return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069)
                || codePoint == 0x200E || codePoint == 0x200F || codePoint == 0x061C;
    }
}
