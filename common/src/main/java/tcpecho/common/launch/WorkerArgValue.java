package tcpecho.common.launch;

import java.nio.file.Path;
import java.time.Duration;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;

/**
 * How one value looks on the worker's command line: {@link #encode} is what the master writes, the
 * other methods what the worker reads back. A value is written by us, so reading is strict and a bad
 * one throws naming its argument.
 */
public final class WorkerArgValue {
    private static final String MILLIS = "ms";

    private WorkerArgValue() {
    }

    /** A duration as whole milliseconds ({@code 5000ms}), a level or log format by its label, the rest as text. */
    public static String encode(Object value) {
        if (value instanceof Duration d) {
            return d.toMillis() + MILLIS;
        }
        if (value instanceof Level level) {
            return level.label();
        }
        if (value instanceof LogFormat format) {
            return format.label();
        }
        return value.toString();
    }

    static int integer(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(name, "a whole number", text);
        }
    }

    static long whole(String name, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad(name, "a whole number", text);
        }
    }

    static long millis(String name, String text) {
        if (!text.endsWith(MILLIS)) {
            throw bad(name, "milliseconds like 5000ms", text);
        }
        return whole(name, text.substring(0, text.length() - MILLIS.length()));
    }

    /** Boolean.parseBoolean reads any typo as false. */
    static boolean bool(String name, String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw bad(name, "true or false", text);
        }
        return text.equals("true");
    }

    static Rate rate(String name, String text) {
        Rate rate = Rate.parse(text);
        if (rate == null) {
            throw bad(name, Rate.ACCEPTED, text);
        }
        return rate;
    }

    static Level level(String name, String text) {
        try {
            return Level.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(name, "one of " + Level.accepted(), text);
        }
    }

    static LogFormat logFormat(String name, String text) {
        LogFormat format = LogFormat.parse(text);
        if (format == null) {
            throw bad(name, "one of " + LogFormat.accepted(), text);
        }
        return format;
    }

    static Path path(String text) {
        return Path.of(text);
    }

    private static IllegalArgumentException bad(String name, String rule, String text) {
        return new IllegalArgumentException("worker argument --" + name + " must be " + rule + ", got " + text);
    }
}
