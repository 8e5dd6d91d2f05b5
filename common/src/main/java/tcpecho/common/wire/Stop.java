package tcpecho.common.wire;

import java.util.OptionalLong;

/**
 * {@code tcp-echo-master stop}: stop the master and its workers, letting open connections finish
 * (or closing them at once when {@code fast}) within {@code timeoutMillis}, or the master's
 * shutdown-timeout when empty. {@link #encode} and {@link #decode} are the only places that name
 * its fields.
 */
public record Stop(boolean fast, OptionalLong timeoutMillis) {
    private static final String MODE = "mode";
    private static final String FAST = "fast";
    private static final String GRACEFUL = "graceful";
    private static final String TIMEOUT_MS = "timeout_ms";

    public Message encode() {
        Message stop = Message.of(Verb.STOP).with(MODE, fast ? FAST : GRACEFUL);
        return timeoutMillis.isPresent() ? stop.with(TIMEOUT_MS, timeoutMillis.getAsLong()) : stop;
    }

    /** Both fields are optional: a bare STOP is a graceful stop with the master's own timeout. */
    public static Stop decode(Message message) {
        Verb.require(Verb.STOP, message);
        return new Stop(FAST.equals(message.get(MODE)), message.getLong(TIMEOUT_MS));
    }

    /**
     * The master's OK to a STOP, sent before it stops: its {@code pid}, for the CLI to wait on, and
     * the {@code timeoutMillis} it gave the workers, which bounds that wait.
     */
    public record Accepted(long pid, long timeoutMillis) {
        private static final String PID = "pid";

        public Message encode() {
            return Message.of(Verb.OK).with(PID, pid).with(TIMEOUT_MS, timeoutMillis);
        }

        public static Accepted decode(Message message) throws MalformedMessageException {
            Verb.expect(Verb.OK, message);
            return new Accepted(message.requireLong(PID), message.requireLong(TIMEOUT_MS));
        }
    }
}
