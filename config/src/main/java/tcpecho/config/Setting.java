package tcpecho.config;

/**
 * One effective setting.
 *
 * @param key    the key's name as written in the file, e.g. {@code workers}
 * @param value  the parsed value ({@code null} only for an unset log-file, meaning stdout)
 * @param text   the value as it could be written back into the file, e.g. {@code auto} while
 *               {@code value} is the resolved worker count
 * @param source which layer won
 * @param origin where exactly: {@code /etc/x.toml:3}, {@code env TCP_ECHO_PORT}, {@code --port} or
 *               {@code default}
 */
public record Setting<T>(String key, T value, String text, Source source, String origin) {

    /** The origin with its layer named, as {@code check} prints it: {@code file /etc/x.toml:3}. */
    public String where() {
        return origin.startsWith(source.label()) ? origin : source.label() + " " + origin;
    }
}
