package tcpecho.common.fault;

import tcpecho.common.text.Labelled;

/**
 * Which way a fault acts, as Toxiproxy's streams: {@code downstream} is toward the client (the
 * default); {@code upstream} is toward the server side of a proxy, and on echo what the client
 * sends, before it is echoed.
 */
public enum FaultStream implements Labelled {
    UPSTREAM,
    DOWNSTREAM;

    public static final String ACCEPTED = "upstream or downstream";

    /** The stream labelled {@code text}, or null. */
    public static FaultStream parse(String text) {
        return Labelled.parse(values(), text);
    }
}
