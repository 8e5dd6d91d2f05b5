package tcpecho.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
final class Durations {
    static final String ACCEPTED = "a duration like \"500ms\", \"10s\", \"2m\" or \"1h\", or whole seconds";

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a bare number means seconds, as a
     * TOML integer does, so env and flags read like the file.
     *
     * @return null when {@code text} is not a duration
     */
    static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            switch (unit) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                default: return Duration.ofHours(amount);
            }
        } catch (ArithmeticException tooLong) {
            return null;
        }
    }

    /** The shortest exact form: 120 s prints as {@code 2m}, 1.5 s as {@code 1500ms}. */
    static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
