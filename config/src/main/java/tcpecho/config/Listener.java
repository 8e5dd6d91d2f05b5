package tcpecho.config;

import static tcpecho.common.listener.ListenerOptionKeys.ACCESS;
import static tcpecho.common.listener.ListenerOptionKeys.CONNECT_RATE_PER_IP;
import static tcpecho.common.listener.ListenerOptionKeys.CONNECT_TIMEOUT;
import static tcpecho.common.listener.ListenerOptionKeys.DUMP_FORMAT;
import static tcpecho.common.listener.ListenerOptionKeys.MAX_CONNECTIONS_PER_IP;
import static tcpecho.common.listener.ListenerOptionKeys.TLS_HANDSHAKE_TIMEOUT;
import static tcpecho.common.listener.ListenerOptionKeys.TLS_PROTOCOLS;
import static tcpecho.common.listener.ListenerOptionKeys.UDP_LOOP_GUARD;
import static tcpecho.common.listener.ListenerOptionKeys.UDP_RATE_PER_SOURCE;
import static tcpecho.common.listener.ListenerOptionKeys.WORKERS;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.listener.ClientLimits;
import tcpecho.common.listener.DumpMode;
import tcpecho.common.listener.EchoUdpOptions;
import tcpecho.common.listener.ListenerOptionKeys;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.ListenerOptionsCodec;
import tcpecho.common.listener.ProtocolOptions;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.net.AccessList;

/**
 * One endpoint the workers serve: a {@code [[listener]]} table, a {@code --listen} flag, or the
 * implicit echo listener of {@code port} and {@code bind}. Immutable.
 *
 * @param bind     {@code "*"} for all interfaces, else a literal address as written
 * @param origin   where it was declared, as {@code check} shows it: {@code file x.toml:12},
 *                 {@code flag --listen}, {@code default}
 * @param options  its options, validated; until {@link #withTopLevel} those it does not declare
 *                 hold the built-in defaults
 * @param declared the option keys the listener sets itself; the top-level keys of the same names
 *                 fill in the others
 */
public record Listener(String name, Protocol protocol, String bind, int port, String origin, ListenerOptions options,
                       Set<String> declared) {
    /** Options {@code check} shows only when the listener sets them, as their values are the defaults otherwise. */
    private static final List<String> SHOWN_WHEN_DECLARED = List.of(CONNECT_TIMEOUT, DUMP_FORMAT, UDP_LOOP_GUARD,
            UDP_RATE_PER_SOURCE, TLS_PROTOCOLS, TLS_HANDSHAKE_TIMEOUT);

    public Listener {
        declared = Set.copyOf(declared);
        if (!options.fit(protocol)) {
            throw new IllegalArgumentException("listener " + name + " (" + protocol.label() + ") cannot take " + options);
        }
    }

    /** The listener {@code port} and {@code bind} give when none is declared; named as it always was. */
    static Listener implicitEcho(String bind, int port, String origin) {
        return new Listener("echo", Protocol.ECHO, bind, port, origin, ListenerOptions.NONE, Set.of());
    }

    /** The options a listener of {@code protocol} (not a proxy, which needs its upstream) starts from. */
    static ProtocolOptions builtIn(Protocol protocol) {
        return protocol == Protocol.ECHO_UDP ? new EchoUdpOptions(Boolean.parseBoolean(defaultOf(Keys.UDP_LOOP_GUARD)),
                Rate.parse(defaultOf(Keys.UDP_RATE_PER_SOURCE))) : ProtocolOptions.NONE;
    }

    /** A top-level key's default, from its row: the one place it is written. */
    private static String defaultOf(String key) {
        return SettingRows.STANDARD.row(key).defaultText();
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
     * The options as {@code check} shows them, by key: those that are on, except the ones that only
     * repeat a default ({@link #SHOWN_WHEN_DECLARED}) and the worker count the master adds at spawn.
     */
    public Map<String, String> shownOptions() {
        Map<String, String> shown = new LinkedHashMap<>(ListenerOptionsCodec.fields(options));
        shown.remove(WORKERS);
        if (!options.faults().isEmpty()) {
            StringJoiner faults = new StringJoiner("; ", "[", "]");
            options.faults().forEach(f -> faults.add(f.describe()));
            shown.put(ListenerOptionKeys.FAULTS, faults.toString());
        }
        shown.keySet().removeIf(key -> SHOWN_WHEN_DECLARED.contains(key) && !declared.contains(key));
        return shown;
    }

    Listener withBind(String newBind) {
        return new Listener(name, protocol, newBind, port, origin, options, declared);
    }

    Listener withName(String newName) {
        return new Listener(newName, protocol, bind, port, origin, options, declared);
    }

    /** A proxy dumping to the log, as {@code --dump} asks; the dump file, if any, is dropped. */
    Listener dumpingToLog() {
        ProxyOptions proxy = (ProxyOptions) options.protocol();
        return new Listener(name, protocol, bind, port, origin, options.withProtocol(proxy.withDump(DumpMode.LOG, null)),
                declared);
    }

    /**
     * With the top-level {@code access}, per-client limits (TCP only) and UDP guard and source rate
     * (echo-udp only) wherever this listener does not set its own.
     */
    Listener withTopLevel(AccessList access, int maxConnections, Rate connectRate, boolean loopGuard, Rate perSource) {
        ListenerOptions filled = options;
        if (!declared.contains(ACCESS)) {
            filled = filled.withAccess(access);
        }
        if (!protocol.isDatagram()) {
            ClientLimits own = filled.tcp().perClient();
            filled = filled.withTcp(filled.tcp().withPerClient(new ClientLimits(
                    declared.contains(MAX_CONNECTIONS_PER_IP) ? own.maxConnections() : maxConnections,
                    declared.contains(CONNECT_RATE_PER_IP) ? own.connectRate() : connectRate, 1)));
        }
        if (filled.protocol() instanceof EchoUdpOptions udp) {
            filled = filled.withProtocol(new EchoUdpOptions(declared.contains(UDP_LOOP_GUARD) ? udp.loopGuard() : loopGuard,
                    declared.contains(UDP_RATE_PER_SOURCE) ? udp.perSource() : perSource));
        }
        return new Listener(name, protocol, bind, port, origin, filled, declared);
    }
}
