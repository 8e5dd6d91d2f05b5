package tcpecho.common.wire;

/**
 * Why a worker dropped a datagram without answering it, or refused a TCP connection at accept.
 * The labels are what {@code status}, the metrics' {@code reason} label and the worker's summary
 * log line show.
 */
public enum DropReason {
    /** The client's address is refused by the listener's {@code access} list (TCP and UDP). */
    DENIED("denied"),
    /** From port 0 or the port of a service known to loop or amplify (echo, chargen, dns, ...). */
    LOOP_PORT("loop-port"),
    /** From one of this server's own UDP sockets: answering would start a loop with ourselves. */
    OWN_SOCKET("own-socket"),
    /** The source address used up its {@code udp-rate-per-source} in this worker. */
    RATE_SOURCE("rate-source"),
    /** The worker used up its {@code udp-rate-per-worker}. */
    RATE_WORKER("rate-worker"),
    /** The socket's send buffer was full: UDP drops rather than queueing. */
    SEND_BUFFER_FULL("send-buffer-full"),
    /** send() failed (an unreachable address, say). */
    SEND_FAILED("send-failed"),
    /** A {@code loss} fault dropped it (echo-udp). */
    FAULT_LOSS("fault-loss"),
    /** A {@code latency} fault already held max-unsent bytes of answers on this listener (echo-udp). */
    FAULT_HELD_FULL("fault-held-full"),
    /** TCP: a connection closed at accept because its address already held max-connections-per-ip. */
    MAX_CONNECTIONS_PER_IP("max-connections-per-ip"),
    /** TCP: a connection closed at accept because its address went over connect-rate-per-ip. */
    CONNECT_RATE_PER_IP("connect-rate-per-ip"),
    /** TCP, proxy-protocol listener: the socket's peer is not in proxy-protocol-from. */
    PROXY_UNTRUSTED("proxy-protocol-untrusted"),
    /** TCP, proxy-protocol listener: the connection did not begin with a valid PROXY protocol header. */
    PROXY_INVALID("proxy-protocol-invalid"),
    /** TCP, proxy-protocol listener: no complete header within proxy-protocol-timeout. */
    PROXY_TIMEOUT("proxy-protocol-timeout");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this reason closes TCP connections at accept rather than dropping datagrams. */
    public boolean refusesConnections() {
        return this == MAX_CONNECTIONS_PER_IP || this == CONNECT_RATE_PER_IP || this == PROXY_UNTRUSTED
                || this == PROXY_INVALID || this == PROXY_TIMEOUT;
    }

    /** The reason labelled {@code label}, or null. */
    public static DropReason parse(String label) {
        for (DropReason reason : values()) {
            if (reason.label.equals(label)) {
                return reason;
            }
        }
        return null;
    }
}
