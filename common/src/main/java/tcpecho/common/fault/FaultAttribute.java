package tcpecho.common.fault;

import java.util.Locale;

/**
 * One setting of a fault type, in Toxiproxy's unit: its name, its unit, its range and its default
 * (null: required). Values are held as doubles in that unit; all but fractions are whole numbers.
 * {@link #parse} reads what a user types: a bare number in the unit, or a value with a unit of
 * its own ({@code 200ms}, {@code 1.5s}, {@code 16KiB}, {@code 5%}).
 */
public record FaultAttribute(String name, Kind kind, double min, double max, Double fallback, String help) {

    /** The unit of an attribute, with the suffixes {@link #parse} takes for it. */
    public enum Kind {
        MILLIS("ms"), MICROS("us"), BYTES("bytes"), KB_PER_SECOND("KB/s"), FRACTION("");

        private final String unit;

        Kind(String unit) {
            this.unit = unit;
        }

        public String unit() {
            return unit;
        }
    }

    static FaultAttribute millis(String name, double max, Double fallback, String help) {
        return new FaultAttribute(name, Kind.MILLIS, 0, max, fallback, help);
    }

    public boolean required() {
        return fallback == null;
    }

    /** What the attribute takes, for error messages: {@code a duration (200ms, 1s) or milliseconds from 0 to 3600000}. */
    public String accepted() {
        String range = " from " + format(min) + " to " + format(max);
        return switch (kind) {
            case MILLIS -> "a duration (200ms, 1.5s) or a number of milliseconds" + range;
            case MICROS -> "a duration (500us, 2ms) or a number of microseconds" + range;
            case BYTES -> "a number of bytes (or with KiB, MiB)" + range;
            case KB_PER_SECOND -> "a rate in KB/s (1 KB = 1000 bytes)" + range;
            case FRACTION -> "a fraction (0.05) or a percentage (5%)" + range;
        };
    }

    /** The value {@code text} gives, in this attribute's unit; IllegalArgumentException names the attribute and the rule. */
    public double parse(String text) {
        double value;
        try {
            value = convert(text.trim().toLowerCase(Locale.ROOT));
            // 1.5s is 1500.0000000000002 ms in binary floating point.
            if (kind != Kind.FRACTION && Math.abs(value - Math.rint(value)) < 1e-6) {
                value = Math.rint(value);
            }
        } catch (NumberFormatException notANumber) {
            throw invalid(text);
        }
        check(value, text);
        return value;
    }

    /** Throws when {@code value} (already in the unit) is out of range or not whole where it must be. */
    void check(double value, String shown) {
        if (Double.isNaN(value) || value < min || value > max || kind != Kind.FRACTION && value != Math.rint(value)) {
            throw invalid(shown);
        }
    }

    private IllegalArgumentException invalid(String shown) {
        return new IllegalArgumentException(name + " must be " + accepted() + " (got '" + shown + "')");
    }

    private double convert(String t) {
        return switch (kind) {
            case MILLIS -> duration(t, 1e-6);
            case MICROS -> duration(t, 1e-3);
            case BYTES -> t.endsWith("kib") ? number(t, 3) * 1024 : t.endsWith("mib") ? number(t, 3) * 1024 * 1024
                    : Double.parseDouble(t);
            case KB_PER_SECOND -> Double.parseDouble(t.endsWith("kb/s") ? t.substring(0, t.length() - 4).trim() : t);
            case FRACTION -> t.endsWith("%") ? number(t, 1) / 100 : Double.parseDouble(t);
        };
    }

    /** A duration in this unit: {@code perNano} is the unit's size in nanoseconds' reciprocal (ms: 1e-6). */
    private static double duration(String t, double perNano) {
        if (t.endsWith("ms")) {
            return number(t, 2) * 1e6 * perNano;
        }
        if (t.endsWith("us")) {
            return number(t, 2) * 1e3 * perNano;
        }
        if (t.endsWith("s")) {
            return number(t, 1) * 1e9 * perNano;
        }
        return Double.parseDouble(t);
    }

    private static double number(String t, int suffix) {
        return Double.parseDouble(t.substring(0, t.length() - suffix).trim());
    }

    /** {@code 200}, not {@code 200.0}; fractions as they are. */
    public static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** The value with its unit, as {@code fault list} and {@code check} show it: {@code 200ms}, {@code 0.05}. */
    public String show(double value) {
        return kind == Kind.FRACTION ? format(value) : kind == Kind.BYTES ? format(value) + " bytes"
                : format(value) + kind.unit();
    }
}
