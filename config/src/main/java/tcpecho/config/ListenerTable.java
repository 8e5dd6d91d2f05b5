package tcpecho.config;

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
import tcpecho.common.launch.ListenerOptionKeys;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.net.AccessList;
import tcpecho.config.Rule.InvalidValue;

/**
 * The file's {@code [[listener]]} tables. Each problem names {@code listener[N].key} (N counts
 * from 1, as worker slots do) and the line of the key, or of the table's header when a key is
 * missing. Names left out are filled in later, by {@link ListenerSet}.
 */
final class ListenerTable {
    static final String KEY = "listener";
    static final List<String> KEYS = Stream.of(List.of("name", "protocol", "bind", "port"), ListenerOptionKeys.PROXY,
            List.of(ListenerOptionKeys.ACCESS), ListenerOptionKeys.UDP,
            List.of(Keys.MAX_CONNECTIONS_PER_IP, Keys.CONNECT_RATE_PER_IP), ProxyProtocolKeys.KEYS)
            .flatMap(List::stream).toList();
    /** The keys for TCP listeners only; unset, they come from the top-level keys of the same names. */
    private static final List<String> TCP_KEYS = List.of(Keys.MAX_CONNECTIONS_PER_IP, Keys.CONNECT_RATE_PER_IP);
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
        AccessList access = parse(given.get(ListenerOptionKeys.ACCESS), c -> Rules.access(c.key()).parse(c).value());
        Integer port = parse(given.get("port"), c -> Rules.wholeNumber(c.key(), 1, 65535).parse(c).value());
        if (!given.containsKey("port")) {
            problems.add(Problem.inFile(file, header, label + ".port", label + ".port is required"));
        }
        if (protocol == null) {
            return null;
        }
        PerClient perClient = perClient(label, given, protocol);
        ProxyProtocolKeys proxyProtocol = ProxyProtocolKeys.read(label, given, protocol, problems);
        if (protocol != Protocol.PROXY) {
            for (String key : ListenerOptionKeys.PROXY) {
                if (given.containsKey(key)) {
                    problems.add(given.get(key).problem(label + "." + key + " is only for protocol proxy (this listener"
                            + " is " + protocol.label() + ")"));
                }
            }
            UdpListenerKeys udp = udpKeys(label, given, protocol);
            return problems.size() > before ? null
                    : new Listener(name, protocol, bind, port, null, null, Listener.DUMP_OFF, null, null, origin(header),
                    access, udp, perClient, proxyProtocol);
        }
        udpKeys(label, given, protocol);
        Listener proxy = proxy(label, header, given, name, bind, port, before, perClient);
        return proxy == null || problems.size() > before ? null : proxy.withAccess(access).withProxyProtocol(proxyProtocol);
    }

    /** The listener's own per-client limits (unset ones stay null); on a UDP listener each is a problem. */
    private PerClient perClient(String label, Map<String, Candidate> given, Protocol protocol) {
        if (protocol.isDatagram()) {
            for (String key : TCP_KEYS) {
                if (given.containsKey(key)) {
                    problems.add(given.get(key).problem(label + "." + key + " is only for TCP listeners (this listener"
                            + " is " + protocol.label() + ")"));
                }
            }
            return PerClient.UNSET;
        }
        Integer max = parse(given.get(Keys.MAX_CONNECTIONS_PER_IP),
                c -> Rules.wholeNumber(c.key(), 0, KeyTable.MAX_MAX_CONNECTIONS).parse(c).value());
        Rate rate = parse(given.get(Keys.CONNECT_RATE_PER_IP), c -> Rules.rate(c.key()).parse(c).value());
        return new PerClient(max, rate);
    }

    private Listener proxy(String label, int header, Map<String, Candidate> given, String name, String bind,
                           Integer port, int before, PerClient perClient) {
        String upstream = parse(given.get(ListenerOptionKeys.UPSTREAM), ListenerTable::upstream);
        if (!given.containsKey(ListenerOptionKeys.UPSTREAM)) {
            problems.add(Problem.inFile(file, header, label + ".upstream", label + ".upstream is required for protocol"
                    + " proxy (" + HostPort.ACCEPTED + ")"));
        }
        Duration timeout = parse(given.get(ListenerOptionKeys.CONNECT_TIMEOUT),
                c -> Rules.duration(c.key(), Duration.ofMillis(1), Duration.ofMinutes(5)).parse(c).value());
        String dump = parse(given.get(ListenerOptionKeys.DUMP), ListenerTable::dump);
        Path dumpFile = parse(given.get(ListenerOptionKeys.DUMP_FILE), c -> Rules.path(c.key(), false, 0).parse(c).value());
        String format = parse(given.get(ListenerOptionKeys.DUMP_FORMAT), c -> choice(c, List.of("hex", "text", "auto"), ""));
        if (dumpFile != null && dump == null && !given.containsKey(ListenerOptionKeys.DUMP)) {
            dump = Listener.DUMP_FILE;
        } else if (dumpFile != null && dump != null && !dump.equals(Listener.DUMP_FILE)) {
            problems.add(given.get(ListenerOptionKeys.DUMP_FILE).problem(label + ".dump-file needs dump = \"file\" (got dump = \""
                    + dump + "\")"));
        } else if (Listener.DUMP_FILE.equals(dump) && !given.containsKey(ListenerOptionKeys.DUMP_FILE)) {
            problems.add(given.get(ListenerOptionKeys.DUMP).problem(label + ".dump = \"file\" needs " + label + ".dump-file"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new Listener(name, Protocol.PROXY, bind, port, upstream, timeout, dump == null ? Listener.DUMP_OFF : dump,
                dumpFile, format, origin(header), null, UdpListenerKeys.NONE, perClient, ProxyProtocolKeys.NONE);
    }

    /** The UDP keys this listener sets; on a TCP listener they are a problem, as proxy keys are elsewhere. */
    private UdpListenerKeys udpKeys(String label, Map<String, Candidate> given, Protocol protocol) {
        if (!protocol.isDatagram()) {
            for (String key : ListenerOptionKeys.UDP) {
                if (given.containsKey(key)) {
                    problems.add(given.get(key).problem(label + "." + key + " is only for protocol echo-udp (this"
                            + " listener is " + protocol.label() + ")"));
                }
            }
            return UdpListenerKeys.NONE;
        }
        Boolean loopGuard = parse(given.get(ListenerOptionKeys.UDP_LOOP_GUARD), c -> Rules.bool(c.key()).parse(c).value());
        Rate perSource = parse(given.get(ListenerOptionKeys.UDP_RATE_PER_SOURCE), c -> Rules.rate(c.key()).parse(c).value());
        return new UdpListenerKeys(loopGuard, perSource);
    }

    private String origin(int header) {
        return Source.FILE.label() + " " + file + ":" + header;
    }

    private interface Parser<T> {
        T parse(Candidate c) throws InvalidValue;
    }

    /** The parsed value, or null when absent or invalid (then a problem is recorded). */
    private <T> T parse(Candidate c, Parser<T> parser) {
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

    private static String upstream(Candidate c) throws InvalidValue {
        String parsed = c.raw() instanceof String ? HostPort.parse((String) c.raw()) : null;
        if (parsed == null) {
            throw new InvalidValue(c.key() + " must be " + HostPort.ACCEPTED + " (got " + c.shown() + ")");
        }
        return parsed;
    }

    /** {@code "off"}, {@code "log"} or {@code "file"}; {@code true} means log and {@code false} off. */
    private static String dump(Candidate c) throws InvalidValue {
        if (c.raw() instanceof Boolean) {
            return (Boolean) c.raw() ? Listener.DUMP_LOG : Listener.DUMP_OFF;
        }
        return choice(c, List.of(Listener.DUMP_OFF, Listener.DUMP_LOG, Listener.DUMP_FILE), ", true or false");
    }

    /** @param alsoAccepted what the key takes besides the strings, for the message ({@code ", true or false"}) */
    private static String choice(Candidate c, List<String> accepted, String alsoAccepted) throws InvalidValue {
        if (c.raw() instanceof String && accepted.contains(((String) c.raw()).trim())) {
            return ((String) c.raw()).trim();
        }
        throw new InvalidValue(c.key() + " must be one of \"" + String.join("\", \"", accepted) + "\"" + alsoAccepted
                + " (got " + c.shown() + ")");
    }
}
