package tcpecho.common.wire;

/**
 * A worker telling the master it stopped accepting and is finishing {@code connections} open
 * connections. {@link #encode} and {@link #decode} are the only places that name its field.
 */
public record Draining(long connections) {
    private static final String CONNECTIONS = "connections";

    public Message encode() {
        return Message.of(Verb.DRAINING).with(CONNECTIONS, connections);
    }

    public static Draining decode(Message message) throws MalformedMessageException {
        Verb.expect(Verb.DRAINING, message);
        return new Draining(message.requireLong(CONNECTIONS));
    }
}
