package tcpecho.common.listener;

/** A proxy's {@code send-proxy-protocol}: whether it tells its upstream the client's address, and in which version. */
public enum SendProxyProtocol {
    OFF("off"), V1("v1"), V2("v2");

    private final String label;

    SendProxyProtocol(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The value labelled {@code text}, or null. */
    public static SendProxyProtocol parse(String text) {
        for (SendProxyProtocol value : values()) {
            if (value.label.equals(text)) {
                return value;
            }
        }
        return null;
    }
}
