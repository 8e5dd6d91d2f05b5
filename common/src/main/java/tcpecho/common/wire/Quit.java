package tcpecho.common.wire;

/**
 * The master telling a worker to stop accepting, finish its open connections within
 * {@code timeoutMillis}, then exit 0. {@link #encode} and {@link #decode} are the only places that
 * name its field.
 */
public record Quit(long timeoutMillis) {
    private static final String TIMEOUT_MS = "timeout_ms";

    public Message encode() {
        return Message.of(Verb.QUIT).with(TIMEOUT_MS, timeoutMillis);
    }

    /** A QUIT whose timeout is missing or not a number (one typed on the socket by hand) drains for {@code fallbackMillis}. */
    public static Quit decode(Message message, long fallbackMillis) {
        Verb.require(Verb.QUIT, message);
        return new Quit(message.getLong(TIMEOUT_MS, fallbackMillis));
    }
}
