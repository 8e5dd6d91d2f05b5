package tcpecho.common.wire;

/**
 * The old master's OK to an UPGRADE: the new master {@code pid} serves, and this one
 * ({@code oldPid}) drains and exits. {@link #encode} and {@link #decode} are the only places that
 * name its fields.
 */
public record Upgraded(long pid, long oldPid) {
    private static final String PID = "pid";
    private static final String OLD_PID = "old_pid";

    public Message encode() {
        return Message.of(Verb.OK).with(PID, pid).with(OLD_PID, oldPid);
    }

    public static Upgraded decode(Message message) throws MalformedMessageException {
        Verb.expect(Verb.OK, message);
        return new Upgraded(message.requireLong(PID), message.requireLong(OLD_PID));
    }
}
