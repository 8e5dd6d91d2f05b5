package tcpecho.common.listener;

import static tcpecho.common.listener.ListenerOptionKeys.ACCESS;
import static tcpecho.common.listener.ListenerOptionKeys.CONNECT_RATE_PER_IP;
import static tcpecho.common.listener.ListenerOptionKeys.CONNECT_TIMEOUT;
import static tcpecho.common.listener.ListenerOptionKeys.DUMP;
import static tcpecho.common.listener.ListenerOptionKeys.DUMP_FILE;
import static tcpecho.common.listener.ListenerOptionKeys.DUMP_FORMAT;
import static tcpecho.common.listener.ListenerOptionKeys.FAULTS;
import static tcpecho.common.listener.ListenerOptionKeys.MAX_CONNECTIONS_PER_IP;
import static tcpecho.common.listener.ListenerOptionKeys.PROXY_PROTOCOL;
import static tcpecho.common.listener.ListenerOptionKeys.PROXY_PROTOCOL_FROM;
import static tcpecho.common.listener.ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT;
import static tcpecho.common.listener.ListenerOptionKeys.SEND_PROXY_PROTOCOL;
import static tcpecho.common.listener.ListenerOptionKeys.UPSTREAM_TLS;
import static tcpecho.common.listener.ListenerOptionKeys.UPSTREAM_TLS_CA;
import static tcpecho.common.listener.ListenerOptionKeys.TLS_CERT;
import static tcpecho.common.listener.ListenerOptionKeys.TLS_CLIENT_CA;
import static tcpecho.common.listener.ListenerOptionKeys.TLS_HANDSHAKE_TIMEOUT;
import static tcpecho.common.listener.ListenerOptionKeys.TLS_KEY;
import static tcpecho.common.listener.ListenerOptionKeys.TLS_PROTOCOLS;
import static tcpecho.common.listener.ListenerOptionKeys.UDP_LOOP_GUARD;
import static tcpecho.common.listener.ListenerOptionKeys.UDP_RATE_PER_SOURCE;
import static tcpecho.common.listener.ListenerOptionKeys.UPSTREAM;
import static tcpecho.common.listener.ListenerOptionKeys.WORKERS;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import tcpecho.common.fault.Fault;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.net.AccessList;
import tcpecho.common.tls.TlsOptions;

/**
 * The one place a listener's options become text and text becomes options again, for the worker's
 * command line: {@code key=value&key=value}, each URL-encoded. An option that is off (no access
 * rules, no per-client limit, no dump file) is left out; every other one is written, so the
 * worker holds no default of its own. Decoding is strict, since only the master writes this: a
 * missing, malformed or unknown option throws IllegalArgumentException naming the listener and the
 * option ({@code listener 'db' (proxy): option upstream is missing}), which makes the worker exit
 * with the fatal-config code instead of serving something the config did not say.
 */
public final class ListenerOptionsCodec {

    private ListenerOptionsCodec() {
    }

    /** {@code options} as the worker's command line carries them; empty when all are off. */
    public static String encode(ListenerOptions options) {
        StringJoiner pairs = new StringJoiner("&");
        fields(options).forEach((key, value) -> pairs.add(urlEncode(key) + "=" + urlEncode(value)));
        return pairs.toString();
    }

    /** The options that are on, by key, in a fixed order: every listener's, every TCP listener's, the protocol's. */
    public static Map<String, String> fields(ListenerOptions options) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!options.access().isEmpty()) {
            fields.put(ACCESS, options.access().toString());
        }
        writeTcp(options.tcp(), fields);
        if (!options.faults().isEmpty()) {
            fields.put(FAULTS, Fault.encodeAll(options.faults()));
        }
        if (options.protocol() instanceof ProxyOptions proxy) {
            writeProxy(proxy, fields);
        } else if (options.protocol() instanceof EchoUdpOptions udp) {
            writeUdp(udp, fields);
        }
        return fields;
    }

    /** The options {@link #encode} wrote for listener {@code name} of {@code protocol}. */
    public static ListenerOptions decode(Protocol protocol, String name, String text) {
        Fields fields = Fields.parse("listener '" + name + "' (" + protocol.label() + "): ", text);
        AccessList access = fields.optional(ACCESS) == null ? AccessList.ALLOW_ALL : fields.read(ACCESS, AccessList::parse);
        TcpOptions tcp = protocol.isDatagram() ? TcpOptions.NONE : readTcp(fields);
        List<Fault> faults = !ListenerOptions.takesFaults(protocol) || fields.optional(FAULTS) == null ? List.of()
                : fields.read(FAULTS, Fault::decodeAll);
        ProtocolOptions own = switch (protocol) {
            case PROXY -> readProxy(fields);
            case ECHO_UDP -> readUdp(fields);
            case ECHO, DAYTIME, DISCARD, CHARGEN -> ProtocolOptions.NONE;
        };
        fields.requireNoneLeft();
        return new ListenerOptions(access, tcp, own, faults);
    }

    // Every TCP listener's options: a new one is written and read here, next to the per-client limits.

    private static void writeTcp(TcpOptions tcp, Map<String, String> fields) {
        ProxyProtocolOptions proxyProtocol = tcp.proxyProtocol();
        if (proxyProtocol.enabled()) {
            fields.put(PROXY_PROTOCOL, "true");
            fields.put(PROXY_PROTOCOL_FROM, String.join(", ", proxyProtocol.from()));
            fields.put(PROXY_PROTOCOL_TIMEOUT, Long.toString(proxyProtocol.timeoutMillis()));
        }
        writeTls(tcp.tls(), fields);
        ClientLimits limits = tcp.perClient();
        if (limits.isOff()) {
            return;
        }
        if (limits.maxConnections() > 0) {
            fields.put(MAX_CONNECTIONS_PER_IP, Integer.toString(limits.maxConnections()));
        }
        if (!limits.connectRate().isOff()) {
            fields.put(CONNECT_RATE_PER_IP, limits.connectRate().toString());
        }
        fields.put(WORKERS, Integer.toString(limits.workers()));
    }

    private static TcpOptions readTcp(Fields fields) {
        ClientLimits limits = ClientLimits.OFF;
        boolean max = fields.optional(MAX_CONNECTIONS_PER_IP) != null;
        boolean rate = fields.optional(CONNECT_RATE_PER_IP) != null;
        if (max || rate) {
            limits = new ClientLimits(max ? fields.read(MAX_CONNECTIONS_PER_IP, Integer::parseInt) : 0,
                    rate ? fields.read(CONNECT_RATE_PER_IP, ListenerOptionsCodec::rate) : Rate.OFF,
                    fields.read(WORKERS, Integer::parseInt));
        }
        ProxyProtocolOptions proxyProtocol = ProxyProtocolOptions.OFF;
        if (fields.optional(PROXY_PROTOCOL) != null && fields.read(PROXY_PROTOCOL, ListenerOptionsCodec::bool)) {
            List<String> from = fields.read(PROXY_PROTOCOL_FROM, text -> List.of(text.split(", ")));
            long timeout = fields.read(PROXY_PROTOCOL_TIMEOUT, Long::parseLong);
            proxyProtocol = fields.build(PROXY_PROTOCOL_FROM, () -> new ProxyProtocolOptions(from, timeout));
        }
        return new TcpOptions(limits, proxyProtocol, readTls(fields));
    }

    private static void writeTls(TlsOptions tls, Map<String, String> fields) {
        if (tls == null) {
            return;
        }
        fields.put(TLS_CERT, tls.cert().toString());
        fields.put(TLS_KEY, tls.key().toString());
        if (tls.clientCa() != null) {
            fields.put(TLS_CLIENT_CA, tls.clientCa().toString());
        }
        fields.put(TLS_PROTOCOLS, String.join(",", tls.protocols()));
        fields.put(TLS_HANDSHAKE_TIMEOUT, Long.toString(tls.handshakeTimeoutMillis()));
    }

    /** Null for a plain listener: one without tls-cert. */
    private static TlsOptions readTls(Fields fields) {
        if (fields.optional(TLS_CERT) == null) {
            return null;
        }
        Path cert = fields.read(TLS_CERT, Path::of);
        Path key = fields.read(TLS_KEY, Path::of);
        Path ca = fields.optional(TLS_CLIENT_CA) == null ? null : fields.read(TLS_CLIENT_CA, Path::of);
        List<String> protocols = fields.read(TLS_PROTOCOLS, text -> Arrays.asList(text.split(",")));
        long timeout = fields.read(TLS_HANDSHAKE_TIMEOUT, Long::parseLong);
        return fields.build(TLS_PROTOCOLS, () -> new TlsOptions(cert, key, ca, protocols, timeout));
    }

    // The protocols' own options.

    private static void writeProxy(ProxyOptions proxy, Map<String, String> fields) {
        fields.put(UPSTREAM, proxy.upstream().toString());
        fields.put(CONNECT_TIMEOUT, Long.toString(proxy.connectTimeoutMillis()));
        fields.put(DUMP, proxy.dump().label());
        if (proxy.dumpFile() != null) {
            fields.put(DUMP_FILE, proxy.dumpFile().toString());
        }
        fields.put(DUMP_FORMAT, proxy.dumpFormat().label());
        if (proxy.sendProxyProtocol() != SendProxyProtocol.OFF) {
            fields.put(SEND_PROXY_PROTOCOL, proxy.sendProxyProtocol().label());
        }
        if (proxy.upstreamTls()) {
            fields.put(UPSTREAM_TLS, "true");
        }
        if (proxy.upstreamTlsCa() != null) {
            fields.put(UPSTREAM_TLS_CA, proxy.upstreamTlsCa().toString());
        }
    }

    private static ProxyOptions readProxy(Fields fields) {
        Upstream upstream = fields.read(UPSTREAM, text -> required(Upstream.parse(text)));
        long timeout = fields.read(CONNECT_TIMEOUT, Long::parseLong);
        DumpMode dump = fields.read(DUMP, text -> required(DumpMode.parse(text)));
        Path file = fields.optional(DUMP_FILE) == null ? null : fields.read(DUMP_FILE, Path::of);
        DumpFormat format = fields.read(DUMP_FORMAT, text -> required(DumpFormat.parse(text)));
        SendProxyProtocol send = fields.optional(SEND_PROXY_PROTOCOL) == null ? SendProxyProtocol.OFF
                : fields.read(SEND_PROXY_PROTOCOL, text -> required(SendProxyProtocol.parse(text)));
        boolean upstreamTls = fields.optional(UPSTREAM_TLS) != null && fields.read(UPSTREAM_TLS, ListenerOptionsCodec::bool);
        Path ca = fields.optional(UPSTREAM_TLS_CA) == null ? null : fields.read(UPSTREAM_TLS_CA, Path::of);
        return fields.build(DUMP_FILE, () -> new ProxyOptions(upstream, timeout, dump, file, format, send, upstreamTls, ca));
    }

    private static void writeUdp(EchoUdpOptions udp, Map<String, String> fields) {
        fields.put(UDP_LOOP_GUARD, Boolean.toString(udp.loopGuard()));
        fields.put(UDP_RATE_PER_SOURCE, udp.perSource().toString());
    }

    private static EchoUdpOptions readUdp(Fields fields) {
        boolean loopGuard = fields.read(UDP_LOOP_GUARD, ListenerOptionsCodec::bool);
        return new EchoUdpOptions(loopGuard, fields.read(UDP_RATE_PER_SOURCE, ListenerOptionsCodec::rate));
    }

    private static Rate rate(String text) {
        return required(Rate.parse(text));
    }

    private static boolean bool(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException();
        }
        return text.equals("true");
    }

    private static <T> T required(T parsed) {
        if (parsed == null) {
            throw new IllegalArgumentException();
        }
        return parsed;
    }

    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The encoded pairs of one listener, taken off one by one, so what is left at the end is unknown. */
    private static final class Fields {
        private final String subject;
        private final Map<String, String> left;
        private final Set<String> known = new LinkedHashSet<>();

        private Fields(String subject, Map<String, String> left) {
            this.subject = subject;
            this.left = left;
        }

        static Fields parse(String subject, String text) {
            Map<String, String> pairs = new LinkedHashMap<>();
            if (!text.isEmpty()) {
                for (String pair : text.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException(subject + "option must be key=value, got '" + pair + "'");
                    }
                    pairs.put(urlDecode(subject, pair.substring(0, eq)), urlDecode(subject, pair.substring(eq + 1)));
                }
            }
            return new Fields(subject, pairs);
        }

        /** The text of {@code key}, or null when it is absent (an option that is off). */
        String optional(String key) {
            known.add(key);
            return left.get(key);
        }

        /** {@code key}'s value read by {@code reader}, which throws on a malformed one. */
        <T> T read(String key, Reader<T> reader) {
            known.add(key);
            String text = left.remove(key);
            if (text == null) {
                throw new IllegalArgumentException(subject + "option " + key + " is missing");
            }
            try {
                return reader.read(text);
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException(subject + "option " + key + " is malformed: '" + text + "'"
                        + (malformed.getMessage() == null ? "" : " (" + malformed.getMessage() + ")"));
            }
        }

        /** A record built of options read, whose own check names {@code key} when it fails. */
        <T> T build(String key, Supplier<T> record) {
            try {
                return record.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(subject + "option " + key + " does not fit: " + e.getMessage());
            }
        }

        void requireNoneLeft() {
            if (!left.isEmpty()) {
                String key = left.keySet().iterator().next();
                throw new IllegalArgumentException(subject + "option " + key + " is unknown"
                        + (known.isEmpty() ? "; this protocol takes none" : " (known: " + String.join(", ", known) + ")"));
            }
        }

        private static String urlDecode(String subject, String text) {
            try {
                return URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(subject + "option text '" + text + "' is not URL-encoded");
            }
        }
    }

    private interface Reader<T> {
        T read(String text);
    }
}
