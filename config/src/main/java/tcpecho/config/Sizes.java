package tcpecho.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people write them in config: {@code 512}, {@code 64KiB}, {@code 1MiB}. */
final class Sizes {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final String ACCEPTED = "a size like \"64KiB\" or \"1MiB\", or whole bytes";

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(b|kib|mib)?");

    private Sizes() {
    }

    /** @return the byte count, or null when {@code text} is not a size */
    static Long parse(String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return switch (unit) {
            case "kib" -> n * KIB;
            case "mib" -> n * MIB;
            default -> n;
        };
    }

    /** The shortest exact form: 65536 prints as {@code 64KiB}, 1000 as {@code 1000}. */
    static String format(long bytes) {
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return Long.toString(bytes);
    }
}
