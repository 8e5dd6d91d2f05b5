package tcpecho.config;

import java.util.List;

/**
 * The listener flags of {@code start}: each {@code --listen} value as given, and {@code --dump}.
 * Any {@code --listen} replaces the file's {@code [[listener]]} tables (flag beats file);
 * {@code --dump} turns {@code dump = "log"} on for every proxy listener in effect.
 */
public record ListenFlags(List<String> specs, boolean dump) {
    public static final ListenFlags NONE = new ListenFlags(List.of(), false);

    public ListenFlags {
        specs = List.copyOf(specs);
    }
}
