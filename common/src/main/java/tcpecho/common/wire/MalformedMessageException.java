package tcpecho.common.wire;

/** A control-socket line that does not follow {@link MessageCodec}'s format. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }
}
