package tcpecho.common.launch;

import java.util.List;

/**
 * The names of a listener's options, in one place: config reads them as {@code [[listener]]} keys and
 * writes them into {@link InheritedListener#options()}, the worker reads them back. The per-client
 * limits' names are in {@link ClientLimits}.
 */
public final class ListenerOptionKeys {
    /** Who may use the listener (AccessList's text); every protocol takes it. */
    public static final String ACCESS = "access";
    public static final String UPSTREAM = "upstream";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String DUMP = "dump";
    public static final String DUMP_FILE = "dump-file";
    public static final String DUMP_FORMAT = "dump-format";
    /** {@code v1} or {@code v2}: a proxy sends the upstream a PROXY protocol header with the client's address. */
    public static final String SEND_PROXY_PROTOCOL = "send-proxy-protocol";
    /** The options only a proxy takes, in the order config reports them. */
    public static final List<String> PROXY = List.of(UPSTREAM, CONNECT_TIMEOUT, DUMP, DUMP_FILE, DUMP_FORMAT);
    /** {@code true}: every connection must begin with a PROXY protocol header from a trusted balancer. */
    public static final String PROXY_PROTOCOL = "proxy-protocol";
    /** The balancers' addresses and networks, comma-separated (AccessList's networks). */
    public static final String PROXY_PROTOCOL_FROM = "proxy-protocol-from";
    /** Milliseconds a connection has to send its header. */
    public static final String PROXY_PROTOCOL_TIMEOUT = "proxy-protocol-timeout";
    /** The PROXY protocol options every TCP listener takes. */
    public static final List<String> PROXY_PROTOCOL_KEYS = List.of(PROXY_PROTOCOL, PROXY_PROTOCOL_FROM,
            PROXY_PROTOCOL_TIMEOUT);
    public static final String UDP_LOOP_GUARD = "udp-loop-guard";
    public static final String UDP_RATE_PER_SOURCE = "udp-rate-per-source";
    /** The options only an {@code echo-udp} listener takes. */
    public static final List<String> UDP = List.of(UDP_LOOP_GUARD, UDP_RATE_PER_SOURCE);

    private ListenerOptionKeys() {
    }
}
