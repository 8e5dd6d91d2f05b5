package tcpecho.common.fault;

/**
 * Which way a fault acts, as Toxiproxy's streams: {@code downstream} is toward the client (the
 * default); {@code upstream} is toward the server side of a proxy, and on echo what the client
 * sends, before it is echoed.
 */
public enum FaultStream {
    UPSTREAM("upstream"),
    DOWNSTREAM("downstream");

    public static final String ACCEPTED = "upstream or downstream";

    private final String label;

    FaultStream(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The stream labelled {@code text}, or null. */
    public static FaultStream parse(String text) {
        for (FaultStream stream : values()) {
            if (stream.label.equals(text)) {
                return stream;
            }
        }
        return null;
    }
}
