package tcpecho.config;

import static tcpecho.common.listener.ListenerOptionKeys.ACCESS;
import static tcpecho.common.listener.ListenerOptionKeys.CONNECT_RATE_PER_IP;
import static tcpecho.common.listener.ListenerOptionKeys.CONNECT_TIMEOUT;
import static tcpecho.common.listener.ListenerOptionKeys.DUMP;
import static tcpecho.common.listener.ListenerOptionKeys.DUMP_FILE;
import static tcpecho.common.listener.ListenerOptionKeys.DUMP_FORMAT;
import static tcpecho.common.listener.ListenerOptionKeys.MAX_CONNECTIONS_PER_IP;
import static tcpecho.common.listener.ListenerOptionKeys.SEND_PROXY_PROTOCOL;
import static tcpecho.common.listener.ListenerOptionKeys.UDP_LOOP_GUARD;
import static tcpecho.common.listener.ListenerOptionKeys.UDP_RATE_PER_SOURCE;
import static tcpecho.common.listener.ListenerOptionKeys.UPSTREAM;
import static tcpecho.common.listener.ListenerOptionKeys.UPSTREAM_TLS;
import static tcpecho.common.listener.ListenerOptionKeys.UPSTREAM_TLS_CA;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;
import tcpecho.common.fault.Fault;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.listener.ClientLimits;
import tcpecho.common.listener.DumpFormat;
import tcpecho.common.listener.DumpMode;
import tcpecho.common.listener.EchoUdpOptions;
import tcpecho.common.listener.ListenerOptionKeys;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.ProtocolOptions;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.listener.ProxyProtocolOptions;
import tcpecho.common.listener.SendProxyProtocol;
import tcpecho.common.listener.TcpOptions;
import tcpecho.common.listener.Upstream;
import tcpecho.common.net.AccessList;
import tcpecho.common.text.Labelled;
import tcpecho.common.tls.TlsFileException;
import tcpecho.common.tls.TlsOptions;
import tcpecho.common.tls.UpstreamTls;
import tcpecho.config.Rule.InvalidValue;

/**
 * The file's {@code [[listener]]} tables. Each problem names {@code listener[N].key} (N counts
 * from 1, as worker slots do) and the line of the key, or of the table's header when a key is
 * missing. Names left out are filled in later, by {@link ListenerSet}.
 */
final class ListenerTable {
    static final String KEY = "listener";
    static final List<String> KEYS = Stream.of(List.of("name", "protocol", "bind", "port"), ListenerOptionKeys.PROXY,
            List.of(SEND_PROXY_PROTOCOL, ACCESS), ListenerOptionKeys.UDP, ListenerOptionKeys.TCP, ProxyProtocolKeys.TCP,
            ListenerOptionKeys.TLS, List.of(FaultTables.KEY))
            .flatMap(List::stream).toList();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final String NAME_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

    private final Path file;
    private final List<Problem> problems;

    private ListenerTable(Path file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The listeners the file's {@code listener} key at {@code line} declares; bad ones become problems. */
    static List<ListenerSet.Declared> read(Object raw, Path file, int line, List<Problem> problems) {
        if (!(raw instanceof TomlArray) || ((TomlArray) raw).toList().stream().anyMatch(e -> !(e instanceof TomlTable))) {
            problems.add(Problem.inFile(file, line, KEY, "listener must be an array of tables, written [[listener]]"
                    + " above each listener's keys (got " + Candidate.fromFile(KEY, raw, file, line).shown() + ")"));
            return List.of();
        }
        TomlArray array = (TomlArray) raw;
        ListenerTable reader = new ListenerTable(file, problems);
        List<ListenerSet.Declared> listeners = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            int header = array.inputPositionOf(i).line();
            Listener listener = reader.one(array.getTable(i), i + 1, header);
            if (listener != null) {
                listeners.add(new ListenerSet.Declared(listener, KEY + "[" + (i + 1) + "]", file, header));
            }
        }
        return listeners;
    }

    private Listener one(TomlTable table, int number, int header) {
        String label = KEY + "[" + number + "]";
        int before = problems.size();
        Map<String, Candidate> given = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            int line = table.inputPositionOf(List.of(key)).line();
            if (KEYS.contains(key)) {
                given.put(key, Candidate.fromFile(label + "." + key, table.get(List.of(key)), file, line));
            } else {
                problems.add(Problem.inFile(file, line, label + "." + key, label + ": "
                        + UnknownKeys.message(key, KEYS)));
            }
        }
        String name = parse(given.get("name"), ListenerTable::name);
        Protocol protocol = given.containsKey("protocol") ? parse(given.get("protocol"), ListenerTable::protocol)
                : Protocol.ECHO;
        String bind = parse(given.get("bind"), c -> Rules.bindAddress(c.key()).parse(c).value());
        AccessList access = parse(given.get(ACCESS), c -> Rules.access(c.key()).parse(c).value());
        Integer port = parse(given.get("port"), c -> Rules.wholeNumber(c.key(), 1, 65535).parse(c).value());
        if (!given.containsKey("port")) {
            problems.add(Problem.inFile(file, header, label + ".port", label + ".port is required"));
        }
        if (protocol == null) {
            return null;
        }
        onlyFor(label, given, protocol, ListenerOptionKeys.PROXY, protocol == Protocol.PROXY, "protocol proxy");
        onlyFor(label, given, protocol, List.of(SEND_PROXY_PROTOCOL), protocol == Protocol.PROXY, "protocol proxy");
        onlyFor(label, given, protocol, ListenerOptionKeys.UDP, protocol == Protocol.ECHO_UDP, "protocol echo-udp");
        onlyFor(label, given, protocol, ListenerOptionKeys.TCP, !protocol.isDatagram(), "TCP listeners");
        onlyFor(label, given, protocol, ProxyProtocolKeys.TCP, !protocol.isDatagram(), "TCP listeners");
        onlyFor(label, given, protocol, ListenerOptionKeys.TLS, !protocol.isDatagram(), "TCP listeners");
        TlsOptions tls = protocol.isDatagram() ? null : TlsKeys.read(label, given, problems);
        ProtocolOptions own = protocol == Protocol.PROXY ? proxy(label, header, given) : protocol == Protocol.ECHO_UDP
                ? udp(given) : ProtocolOptions.NONE;
        TcpOptions tcp = protocol.isDatagram() ? TcpOptions.NONE : tcp(label, given).withTls(tls);
        Candidate faultTables = given.get(FaultTables.KEY);
        List<Fault> faults = faultTables == null ? List.of()
                : FaultTables.read(faultTables.raw(), label, protocol, file, faultTables.line(), problems);
        if (problems.size() > before) {
            return null;
        }
        ListenerOptions options = new ListenerOptions(access == null ? AccessList.ALLOW_ALL : access, tcp, own, faults);
        return new Listener(name, protocol, bind, port, origin(header), options, given.keySet());
    }

    /** Each of {@code keys} the listener sets is a problem unless {@code allowed}: they are only for {@code whom}. */
    private void onlyFor(String label, Map<String, Candidate> given, Protocol protocol, List<String> keys,
                         boolean allowed, String whom) {
        if (allowed) {
            return;
        }
        for (String key : keys) {
            if (given.containsKey(key)) {
                problems.add(given.get(key).problem(label + "." + key + " is only for " + whom + " (this listener is "
                        + protocol.label() + ")"));
            }
        }
    }

    /** The listener's own per-client limits; those it leaves unset are off until the top-level keys fill them. */
    private TcpOptions tcp(String label, Map<String, Candidate> given) {
        Integer max = parse(given.get(MAX_CONNECTIONS_PER_IP),
                c -> Rules.wholeNumber(c.key(), 0, StandardRows.MAX_MAX_CONNECTIONS).parse(c).value());
        Rate rate = parse(given.get(CONNECT_RATE_PER_IP), c -> Rules.rate(c.key()).parse(c).value());
        ProxyProtocolOptions proxyProtocol = ProxyProtocolKeys.read(label, given, problems);
        return new TcpOptions(new ClientLimits(max == null ? 0 : max, rate == null ? Rate.OFF : rate, 1),
                proxyProtocol == null ? ProxyProtocolOptions.OFF : proxyProtocol);
    }

    /** A proxy's options, or null when one is bad or missing (then a problem is recorded). */
    private ProxyOptions proxy(String label, int header, Map<String, Candidate> given) {
        int before = problems.size();
        Upstream upstream = parse(given.get(UPSTREAM), ListenerTable::upstream);
        if (!given.containsKey(UPSTREAM)) {
            problems.add(Problem.inFile(file, header, label + ".upstream", label + ".upstream is required for protocol"
                    + " proxy (" + HostPort.ACCEPTED + ")"));
        }
        Duration timeout = parse(given.get(CONNECT_TIMEOUT),
                c -> Rules.duration(c.key(), Duration.ofMillis(1), Duration.ofMinutes(5)).parse(c).value());
        DumpMode dump = parse(given.get(DUMP), ListenerTable::dump);
        Path dumpFile = parse(given.get(DUMP_FILE), c -> Rules.path(c.key(), false, 0).parse(c).value());
        DumpFormat format = parse(given.get(DUMP_FORMAT), ListenerTable::dumpFormat);
        SendProxyProtocol send = ProxyProtocolKeys.send(given, problems);
        Boolean upstreamTls = parse(given.get(UPSTREAM_TLS), c -> Rules.bool(c.key()).parse(c).value());
        Path upstreamTlsCa = upstreamTlsCa(label, given, Boolean.TRUE.equals(upstreamTls), send);
        if (dumpFile != null && dump == null && !given.containsKey(DUMP)) {
            dump = DumpMode.FILE;
        } else if (dumpFile != null && dump != null && dump != DumpMode.FILE) {
            problems.add(given.get(DUMP_FILE).problem(label + ".dump-file needs dump = \"file\" (got dump = \""
                    + dump.label() + "\")"));
            return null;
        } else if (dump == DumpMode.FILE && !given.containsKey(DUMP_FILE)) {
            problems.add(given.get(DUMP).problem(label + ".dump = \"file\" needs " + label + ".dump-file"));
            return null;
        }
        if (upstream == null || given.containsKey(CONNECT_TIMEOUT) && timeout == null
                || given.containsKey(DUMP) && dump == null || given.containsKey(DUMP_FILE) && dumpFile == null
                || given.containsKey(DUMP_FORMAT) && format == null || send == null
                || problems.size() > before) {
            return null;
        }
        return new ProxyOptions(upstream, timeout == null ? ProxyOptions.DEFAULT_CONNECT_TIMEOUT_MILLIS : timeout.toMillis(),
                dump == null ? DumpMode.OFF : dump, dumpFile, format == null ? ProxyOptions.DEFAULT_DUMP_FORMAT : format,
                send, Boolean.TRUE.equals(upstreamTls), upstreamTlsCa);
    }

    /**
     * A proxy's {@code upstream-tls-ca}, loaded as a worker will load it (a bad bundle names its line
     * and the file); null when unset or wrong (then a problem is recorded). Also refuses what
     * upstream-tls cannot be combined with.
     */
    private Path upstreamTlsCa(String label, Map<String, Candidate> given, boolean upstreamTls, SendProxyProtocol send) {
        if (upstreamTls && send != null && send != SendProxyProtocol.OFF) {
            problems.add(given.get(UPSTREAM_TLS).problem(label + ".upstream-tls cannot be combined with send-proxy-protocol"
                    + " (the header would have to go out before the TLS handshake)"));
        }
        Candidate ca = given.get(UPSTREAM_TLS_CA);
        if (ca == null) {
            return null;
        }
        if (!upstreamTls) {
            problems.add(ca.problem(label + ".upstream-tls-ca needs " + label + ".upstream-tls = true"));
            return null;
        }
        Path bundle = parse(ca, c -> Rules.path(c.key(), false, 0).parse(c).value());
        if (bundle == null) {
            return null;
        }
        try {
            UpstreamTls.load(bundle);
        } catch (TlsFileException e) {
            problems.add(ca.problem(ca.key() + ": " + e.getMessage()));
            return null;
        }
        return bundle;
    }

    /** An echo-udp listener's own guard and source rate; those it leaves unset wait for the top-level keys. */
    private EchoUdpOptions udp(Map<String, Candidate> given) {
        EchoUdpOptions builtIn = (EchoUdpOptions) Listener.builtIn(Protocol.ECHO_UDP);
        Boolean loopGuard = parse(given.get(UDP_LOOP_GUARD), c -> Rules.bool(c.key()).parse(c).value());
        Rate perSource = parse(given.get(UDP_RATE_PER_SOURCE), c -> Rules.rate(c.key()).parse(c).value());
        return new EchoUdpOptions(loopGuard == null ? builtIn.loopGuard() : loopGuard,
                perSource == null ? builtIn.perSource() : perSource);
    }

    private String origin(int header) {
        return Source.FILE.label() + " " + file + ":" + header;
    }

    interface Parser<T> {
        T parse(Candidate c) throws InvalidValue;
    }

    private <T> T parse(Candidate c, Parser<T> parser) {
        return parse(c, parser, problems);
    }

    /** The parsed value, or null when absent or invalid (then a problem is added to {@code problems}). */
    static <T> T parse(Candidate c, Parser<T> parser, List<Problem> problems) {
        if (c == null) {
            return null;
        }
        try {
            return parser.parse(c);
        } catch (InvalidValue e) {
            problems.add(c.problem(e.getMessage()));
            return null;
        }
    }

    private static String name(Candidate c) throws InvalidValue {
        if (c.raw() instanceof String && NAME.matcher((String) c.raw()).matches()) {
            return (String) c.raw();
        }
        throw new InvalidValue(c.key() + " " + NAME_RULE + " (got " + c.shown() + ")");
    }

    private static Protocol protocol(Candidate c) throws InvalidValue {
        Protocol protocol = c.raw() instanceof String ? Protocol.parse((String) c.raw()) : null;
        if (protocol == null) {
            throw new InvalidValue(c.key() + " must be one of " + Protocol.accepted() + " (got " + c.shown() + ")");
        }
        return protocol;
    }

    private static Upstream upstream(Candidate c) throws InvalidValue {
        Upstream parsed = c.raw() instanceof String ? HostPort.parse((String) c.raw()) : null;
        if (parsed == null) {
            throw new InvalidValue(c.key() + " must be " + HostPort.ACCEPTED + " (got " + c.shown() + ")");
        }
        return parsed;
    }

    /** {@code "off"}, {@code "log"} or {@code "file"}; {@code true} means log and {@code false} off. */
    private static DumpMode dump(Candidate c) throws InvalidValue {
        if (c.raw() instanceof Boolean) {
            return (Boolean) c.raw() ? DumpMode.LOG : DumpMode.OFF;
        }
        return DumpMode.parse(choice(c, Labelled.labels(DumpMode.values()), ", true or false"));
    }

    private static DumpFormat dumpFormat(Candidate c) throws InvalidValue {
        return DumpFormat.parse(choice(c, Labelled.labels(DumpFormat.values()), ""));
    }

    /** @param alsoAccepted what the key takes besides the strings, for the message ({@code ", true or false"}) */
    static String choice(Candidate c, List<String> accepted, String alsoAccepted) throws InvalidValue {
        if (c.raw() instanceof String && accepted.contains(((String) c.raw()).trim())) {
            return ((String) c.raw()).trim();
        }
        throw new InvalidValue(c.key() + " must be one of \"" + String.join("\", \"", accepted) + "\"" + alsoAccepted
                + " (got " + c.shown() + ")");
    }
}
