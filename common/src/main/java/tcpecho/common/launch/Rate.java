package tcpecho.common.launch;

import java.util.Locale;

/**
 * A rate limit as written in the config, {@code "100/s"} or {@code "6000/m"}, or {@code "off"}
 * (no limit). The bucket behind it holds a fifth of a second's worth ({@link #burst()}), at least
 * one: short bursts pass, a sustained flood gets the rate.
 */
public record Rate(long count, char unit) {
    public static final Rate OFF = new Rate(0, 's');
    public static final String ACCEPTED = "\"off\" or N/s or N/m with N from 1 to " + Rate.MAX_COUNT
            + " (like \"100/s\")";
    static final long MAX_COUNT = 100_000_000;

    public Rate {
        if (count < 0 || count > MAX_COUNT || (unit != 's' && unit != 'm')) {
            throw new IllegalArgumentException("rate must be " + ACCEPTED + ", got " + count + "/" + unit);
        }
    }

    /** The rate {@code text} names, or null when it is not one. */
    public static Rate parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return OFF;
        }
        int slash = t.indexOf('/');
        if (slash < 1 || slash != t.length() - 2 || (t.charAt(slash + 1) != 's' && t.charAt(slash + 1) != 'm')) {
            return null;
        }
        String digits = t.substring(0, slash).trim();
        if (digits.isEmpty() || digits.length() > 9) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            // A loop, not a regex or a stream: the worker parses this at start and loads neither otherwise.
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return null;
            }
        }
        long count = Long.parseLong(digits);
        return count < 1 || count > MAX_COUNT ? null : new Rate(count, t.charAt(slash + 1));
    }

    public boolean isOff() {
        return count == 0;
    }

    public double perSecond() {
        return unit == 's' ? count : count / 60.0;
    }

    /** Tokens the bucket holds when full: a fifth of a second's worth, at least 1. */
    public double burst() {
        return Math.max(1, Math.floor(perSecond() / 5));
    }

    @Override
    public String toString() {
        return isOff() ? "off" : count + "/" + unit;
    }
}
