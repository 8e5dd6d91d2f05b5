package tcpecho.common.log;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Log levels, most verbose first. */
public enum Level {
    DEBUG, INFO, WARN, ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a level name case-insensitively; the message lists what is accepted. */
    public static Level parse(String text) {
        for (Level level : values()) {
            if (level.label().equalsIgnoreCase(text.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown log level '" + text + "' (accepted: " + accepted() + ")");
    }

    public static String accepted() {
        return Arrays.stream(values()).map(Level::label).collect(Collectors.joining(", "));
    }
}
