package tcpecho.common.wire;

/**
 * {@code tcp-echo-master scale}: {@code workers} is the new count ({@code 4}) or a change to it
 * ({@code +1}, {@code -2}), as the user typed it; the master applies it to its current count.
 * {@link #encode} and {@link #decode} are the only places that name its field.
 */
public record Scale(String workers) {
    private static final String WORKERS = "workers";

    public Message encode() {
        return Message.of(Verb.SCALE).with(WORKERS, workers);
    }

    /** A missing count decodes as empty text, which the master refuses as it refuses any bad count. */
    public static Scale decode(Message message) {
        Verb.require(Verb.SCALE, message);
        return new Scale(message.get(WORKERS, ""));
    }
}
