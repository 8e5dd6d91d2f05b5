package tcpecho.common.listener;

import tcpecho.common.text.Labelled;

/** A proxy's {@code send-proxy-protocol}: whether it tells its upstream the client's address, and in which version. */
public enum SendProxyProtocol implements Labelled {
    OFF, V1, V2;

    /** The value labelled {@code text}, or null. */
    public static SendProxyProtocol parse(String text) {
        return Labelled.parse(values(), text);
    }
}
