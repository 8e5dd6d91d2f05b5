package tcpecho.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tcpecho.common.launch.ListenerOptionKeys;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.net.AccessList;

/**
 * One endpoint the workers serve: a {@code [[listener]]} table, a {@code --listen} flag, or the
 * implicit echo listener of {@code port} and {@code bind}. Immutable.
 *
 * @param bind           {@code "*"} for all interfaces, else a literal address as written
 * @param upstream       {@code host:port} a proxy forwards to; null for other protocols
 * @param connectTimeout how long a proxy waits for its upstream; null for the worker's default
 * @param dump           {@code off}, {@code log} or {@code file} (proxy only; {@code off} otherwise)
 * @param dumpFile       where {@code dump = "file"} writes; null otherwise
 * @param dumpFormat     {@code hex}, {@code text} or {@code auto}; null for the worker's default
 * @param origin         where it was declared, as {@code check} shows it: {@code file x.toml:12},
 *                       {@code flag --listen}, {@code default}
 * @param access         who may use it; null until the top-level {@code access} fills it in
 * @param udp            the UDP keys an {@code echo-udp} listener sets itself ({@link UdpListenerKeys#NONE} otherwise)
 * @param perClient      max-connections-per-ip and connect-rate-per-ip (TCP only); as declared until
 *                       the top-level keys fill in what the listener leaves unset
 * @param proxyProtocol  the PROXY protocol keys (TCP only; {@link ProxyProtocolKeys#NONE} when unset)
 */
public record Listener(String name, Protocol protocol, String bind, int port, String upstream, Duration connectTimeout,
                       String dump, Path dumpFile, String dumpFormat, String origin, AccessList access,
                       UdpListenerKeys udp, PerClient perClient, ProxyProtocolKeys proxyProtocol) {
    public static final String DUMP_OFF = "off";
    public static final String DUMP_LOG = "log";
    public static final String DUMP_FILE = "file";

    /** Without an access list or per-client limits of its own: the top-level keys apply. */
    public Listener(String name, Protocol protocol, String bind, int port, String upstream, Duration connectTimeout,
                    String dump, Path dumpFile, String dumpFormat, String origin) {
        this(name, protocol, bind, port, upstream, connectTimeout, dump, dumpFile, dumpFormat, origin, null,
                UdpListenerKeys.NONE, PerClient.UNSET, ProxyProtocolKeys.NONE);
    }

    /** The listener {@code port} and {@code bind} give when none is declared; named as it always was. */
    static Listener implicitEcho(String bind, int port, String origin) {
        return new Listener("echo", Protocol.ECHO, bind, port, null, null, DUMP_OFF, null, null, origin);
    }

    /** The address to bind, or null for {@code "*"}: the wildcard, which is IPv4 and IPv6 dual stack. */
    public InetAddress bindAddress() {
        return bind.equals("*") ? null : BindAddresses.literal(bind);
    }

    /** {@code *:8090}, {@code 127.0.0.1:8090} or {@code [::1]:8090}. */
    public String endpoint() {
        return (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port;
    }

    /**
     * The options a worker reads for this listener ({@code InheritedListener.options}): for a proxy
     * {@code upstream}, {@code dump} and, when set, {@code connect-timeout} (milliseconds),
     * {@code dump-file} and {@code dump-format}; for every protocol {@code access} when it has rules;
     * for every TCP listener the per-client limits that are on and the PROXY protocol keys that are set.
     */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        if (access != null && !access.isEmpty()) {
            options.put(ListenerOptionKeys.ACCESS, access.toString());
        }
        perClient.addOptions(options);
        udp.addTo(options);
        proxyProtocol.addTo(options);
        if (protocol != Protocol.PROXY) {
            return options;
        }
        options.put(ListenerOptionKeys.UPSTREAM, upstream);
        if (connectTimeout != null) {
            options.put(ListenerOptionKeys.CONNECT_TIMEOUT, Long.toString(connectTimeout.toMillis()));
        }
        options.put(ListenerOptionKeys.DUMP, dump);
        if (dumpFile != null) {
            options.put(ListenerOptionKeys.DUMP_FILE, dumpFile.toString());
        }
        if (dumpFormat != null) {
            options.put(ListenerOptionKeys.DUMP_FORMAT, dumpFormat);
        }
        return options;
    }

    Listener withBind(String newBind) {
        return new Listener(name, protocol, newBind, port, upstream, connectTimeout, dump, dumpFile, dumpFormat, origin,
                access, udp, perClient, proxyProtocol);
    }

    Listener withName(String newName) {
        return new Listener(newName, protocol, bind, port, upstream, connectTimeout, dump, dumpFile, dumpFormat, origin,
                access, udp, perClient, proxyProtocol);
    }

    Listener withProxyProtocol(ProxyProtocolKeys keys) {
        return new Listener(name, protocol, bind, port, upstream, connectTimeout, dump, dumpFile, dumpFormat, origin,
                access, udp, perClient, keys);
    }

    Listener withAccess(AccessList newAccess) {
        return new Listener(name, protocol, bind, port, upstream, connectTimeout, dump, dumpFile, dumpFormat, origin,
                newAccess, udp, perClient, proxyProtocol);
    }

    /** A proxy dumping to the log, as {@code --dump} asks; the dump file, if any, is dropped. */
    Listener dumpingToLog() {
        return new Listener(name, protocol, bind, port, upstream, connectTimeout, DUMP_LOG, null, dumpFormat, origin,
                access, udp, perClient, proxyProtocol);
    }

    /** With the top-level per-client limits where this TCP listener sets none of its own; UDP ones take none. */
    Listener withClientDefaults(int maxConnections, Rate connectRate) {
        PerClient limits = protocol.isDatagram() ? PerClient.UNSET : perClient.orDefaults(maxConnections, connectRate);
        return new Listener(name, protocol, bind, port, upstream, connectTimeout, dump, dumpFile, dumpFormat, origin,
                access, udp, limits, proxyProtocol);
    }
}
