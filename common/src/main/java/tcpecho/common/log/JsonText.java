package tcpecho.common.log;

/**
 * A JSON string literal for any Java string (RFC 8259 section 7). Here rather than a JSON library:
 * the worker JVM loads nothing beyond the JDK, and a log line needs only strings escaped.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code text} as a quoted JSON string. */
    public static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || lonelySurrogate(text, i)) {
                        // Control characters must be escaped; DEL, the JavaScript line separators and a
                        // surrogate without its pair are escaped too, so the line stays valid UTF-8 text
                        // that no reader splits or mangles.
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
                                .append(HEX[c & 15]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    public static String quote(String text) {
        return quote(new StringBuilder(text.length() + 2), text).toString();
    }

    private static boolean lonelySurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
