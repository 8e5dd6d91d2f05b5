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
    /** The listener's faults from the config, as {@code tcpecho.common.fault.Fault#encodeAll}; any protocol with faults takes it. */
    public static final String FAULTS = "faults";
    public static final String UPSTREAM = "upstream";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String DUMP = "dump";
    public static final String DUMP_FILE = "dump-file";
    public static final String DUMP_FORMAT = "dump-format";
    /** The options only a proxy takes, in the order config reports them. */
    public static final List<String> PROXY = List.of(UPSTREAM, CONNECT_TIMEOUT, DUMP, DUMP_FILE, DUMP_FORMAT);
    public static final String UDP_LOOP_GUARD = "udp-loop-guard";
    public static final String UDP_RATE_PER_SOURCE = "udp-rate-per-source";
    /** The options only an {@code echo-udp} listener takes. */
    public static final List<String> UDP = List.of(UDP_LOOP_GUARD, UDP_RATE_PER_SOURCE);

    private ListenerOptionKeys() {
    }
}
