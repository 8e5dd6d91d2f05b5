package tcpecho.common.listener;

import java.util.List;
import tcpecho.common.net.AccessList;

/**
 * A TCP listener's {@code proxy-protocol}: when {@code from} names any balancer, every connection
 * must come from one of them and begin with a PROXY protocol header (v1 or v2) within
 * {@code timeoutMillis}; the client that header names is then the connection's client everywhere.
 * {@link #OFF} (no balancers) is a listener without it.
 *
 * @param from          the trusted balancers' literal addresses and networks ({@code 10.0.0.0/8}, {@code ::1})
 * @param timeoutMillis how long a connection may take to send its whole header
 */
public record ProxyProtocolOptions(List<String> from, long timeoutMillis) {
    /** HAProxy's spec asks for "at least 3 seconds to cover a TCP retransmit". */
    public static final long DEFAULT_TIMEOUT_MILLIS = 3000;
    public static final ProxyProtocolOptions OFF = new ProxyProtocolOptions(List.of(), DEFAULT_TIMEOUT_MILLIS);

    public ProxyProtocolOptions {
        from = List.copyOf(from);
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("proxy-protocol-timeout must be at least 1 ms, got " + timeoutMillis);
        }
        if (!from.isEmpty()) {
            AccessList.networks(String.join(",", from));
        }
    }

    public boolean enabled() {
        return !from.isEmpty();
    }

    /** Who may send a header: {@code allow} each of {@code from}, then {@code deny all}. */
    public AccessList trusted() {
        return AccessList.networks(String.join(",", from));
    }
}
