package tcpecho.bench;

import java.net.ConnectException;

/** Every way one echo exchange can fail; each is counted separately in results. */
public enum FailureKind {
    CONNECT_REFUSED("connect refused"),
    CONNECT_TIMEOUT("connect timeout"),
    RESET("reset"),
    EARLY_EOF("early EOF"),
    WRONG_BYTES("wrong bytes"),
    READ_TIMEOUT("read timeout"),
    TOO_MANY_OPEN_FILES("too many open files"),
    IO_ERROR("other I/O error");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Stable key for JSON output, e.g. {@code connect_refused}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Maps an exception from the JDK to a kind. The JDK gives no errno, only the strerror text,
     * so this matches on the text Linux produces (ECONNREFUSED, ECONNRESET, EPIPE, EMFILE).
     */
    public static FailureKind classify(Exception e, boolean connecting) {
        String msg = String.valueOf(e.getMessage());
        if (e instanceof ConnectException || msg.contains("Connection refused")) {
            return msg.contains("timed out") ? CONNECT_TIMEOUT : CONNECT_REFUSED;
        }
        if (msg.contains("Too many open files")) {
            return TOO_MANY_OPEN_FILES;
        }
        if (msg.contains("reset") || msg.contains("Broken pipe")) {
            return RESET;
        }
        if (connecting && msg.contains("timed out")) {
            return CONNECT_TIMEOUT;
        }
        return IO_ERROR;
    }
}
