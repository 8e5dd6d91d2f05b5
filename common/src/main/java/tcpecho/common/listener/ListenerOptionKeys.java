package tcpecho.common.listener;

import java.util.List;

/**
 * The names of a listener's options, in one place: the config reads them as {@code [[listener]]}
 * keys, {@link ListenerOptionsCodec} writes and reads them on the worker's command line.
 */
public final class ListenerOptionKeys {
    /** Who may use the listener (AccessList's text); every protocol takes it. */
    public static final String ACCESS = "access";
    public static final String MAX_CONNECTIONS_PER_IP = "max-connections-per-ip";
    public static final String CONNECT_RATE_PER_IP = "connect-rate-per-ip";
    /** How many workers share the per-client limits: set by the master at spawn, no config key. */
    public static final String WORKERS = "workers";
    /** The keys every TCP listener takes that the config reads (the top-level keys of the same names fill them). */
    public static final List<String> TCP = List.of(MAX_CONNECTIONS_PER_IP, CONNECT_RATE_PER_IP);
    public static final String TLS_CERT = "tls-cert";
    public static final String TLS_KEY = "tls-key";
    public static final String TLS_CLIENT_CA = "tls-client-ca";
    public static final String TLS_PROTOCOLS = "tls-protocols";
    public static final String TLS_HANDSHAKE_TIMEOUT = "tls-handshake-timeout";
    /** The TLS keys every TCP listener takes; tls-cert and tls-key make it a TLS listener. */
    public static final List<String> TLS = List.of(TLS_CERT, TLS_KEY, TLS_CLIENT_CA, TLS_PROTOCOLS, TLS_HANDSHAKE_TIMEOUT);
    /** The listener's faults from the config (tcpecho.common.fault.Fault#encodeAll); echo, proxy and echo-udp take them. */
    public static final String FAULTS = "faults";
    public static final String UPSTREAM = "upstream";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String DUMP = "dump";
    public static final String DUMP_FILE = "dump-file";
    public static final String DUMP_FORMAT = "dump-format";
    /** {@code v1} or {@code v2}: a proxy sends the upstream a PROXY protocol header with the client's address. */
    public static final String SEND_PROXY_PROTOCOL = "send-proxy-protocol";
    /** {@code true}: a proxy speaks TLS to its upstream, verifying the upstream's certificate and name. */
    public static final String UPSTREAM_TLS = "upstream-tls";
    /** A PEM bundle of the CAs an upstream-tls proxy trusts instead of the JDK's default trust store. */
    public static final String UPSTREAM_TLS_CA = "upstream-tls-ca";
    /** The options only a proxy takes, in the order config reports them. */
    public static final List<String> PROXY = List.of(UPSTREAM, CONNECT_TIMEOUT, DUMP, DUMP_FILE, DUMP_FORMAT, UPSTREAM_TLS,
            UPSTREAM_TLS_CA);
    /** {@code true}: every connection must begin with a PROXY protocol header from a trusted balancer. */
    public static final String PROXY_PROTOCOL = "proxy-protocol";
    /** The balancers' addresses and networks, comma-separated (AccessList's networks). */
    public static final String PROXY_PROTOCOL_FROM = "proxy-protocol-from";
    /** How long a connection has to send its header (milliseconds on the worker's command line). */
    public static final String PROXY_PROTOCOL_TIMEOUT = "proxy-protocol-timeout";
    public static final String UDP_LOOP_GUARD = "udp-loop-guard";
    public static final String UDP_RATE_PER_SOURCE = "udp-rate-per-source";
    /** The options only an {@code echo-udp} listener takes. */
    public static final List<String> UDP = List.of(UDP_LOOP_GUARD, UDP_RATE_PER_SOURCE);

    private ListenerOptionKeys() {
    }
}
