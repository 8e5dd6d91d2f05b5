package tcpecho.common.log;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a log line is written: text for people, or one JSON object per line for log shippers. */
public enum LogFormat {
    PLAIN, JSON;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code text} (any case), or null. */
    public static LogFormat parse(String text) {
        for (LogFormat format : values()) {
            if (format.label().equalsIgnoreCase(text.trim())) {
                return format;
            }
        }
        return null;
    }

    public static String accepted() {
        return Arrays.stream(values()).map(LogFormat::label).collect(Collectors.joining(", "));
    }
}
