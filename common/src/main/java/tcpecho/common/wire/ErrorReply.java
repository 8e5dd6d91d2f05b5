package tcpecho.common.wire;

/**
 * The master's answer to a request it refuses or that failed: one sentence for the user.
 * {@link #encode} and {@link #decode} are the only places that name its field.
 */
public record ErrorReply(String message) {
    private static final String MESSAGE = "message";

    public Message encode() {
        return Message.of(Verb.ERROR).with(MESSAGE, message);
    }

    /** An ERROR without its sentence is shown as the line itself, so the user still sees something. */
    public static ErrorReply decode(Message reply) {
        Verb.require(Verb.ERROR, reply);
        return new ErrorReply(reply.get(MESSAGE, reply.toString()));
    }
}
