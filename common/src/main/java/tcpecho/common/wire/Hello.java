package tcpecho.common.wire;

/**
 * A worker's first line after connecting: which slot and generation it was started for, and its
 * pid, which the master matches against the processes it spawned. {@link #encode} and
 * {@link #decode} are the only places that name its fields.
 */
public record Hello(int slot, long generation, long pid) {
    private static final String SLOT = "slot";
    private static final String GENERATION = "generation";
    private static final String PID = "pid";

    public Message encode() {
        return Message.of(Verb.HELLO).with(SLOT, slot).with(GENERATION, generation).with(PID, pid);
    }

    /** Every field is required: without them the master cannot tell which of its workers this is. */
    public static Hello decode(Message message) throws MalformedMessageException {
        Verb.expect(Verb.HELLO, message);
        long slot = message.requireLong(SLOT);
        if (slot < 0 || slot > Integer.MAX_VALUE) {
            throw new MalformedMessageException(Verb.HELLO + " field '" + SLOT + "' out of range: " + slot);
        }
        return new Hello((int) slot, message.requireLong(GENERATION), message.requireLong(PID));
    }
}
