package tcpecho.worker;

import tcpecho.common.net.AccessList;

/**
 * A listener's {@code proxy-protocol} options: which peers may send a header ({@code proxy-protocol-from},
 * as an allow list ending in "deny all") and how long a connection may take to send it.
 */
record ProxyProtocolSettings(AccessList trusted, long timeoutMillis) {
    static final long DEFAULT_TIMEOUT_MILLIS = 3000;
}
