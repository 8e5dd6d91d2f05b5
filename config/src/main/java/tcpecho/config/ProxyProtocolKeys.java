package tcpecho.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import tcpecho.common.launch.ListenerOptionKeys;
import tcpecho.common.launch.Protocol;
import tcpecho.common.net.AccessList;
import tcpecho.config.Rule.InvalidValue;

/**
 * A listener's PROXY protocol keys: {@code proxy-protocol = true} (every connection begins with a
 * header from a trusted balancer), {@code proxy-protocol-from} (those balancers' addresses and
 * networks, required with it), {@code proxy-protocol-timeout} (how long a header may take; the
 * worker's 3 s when unset), for every TCP protocol; and, for a proxy, {@code send-proxy-protocol}
 * ({@code "v1"} or {@code "v2"}: the header it sends its upstream).
 */
public record ProxyProtocolKeys(boolean on, List<String> from, Duration timeout, String send) {
    public static final ProxyProtocolKeys NONE = new ProxyProtocolKeys(false, List.of(), null, null);
    static final List<String> KEYS = List.of(ListenerOptionKeys.PROXY_PROTOCOL, ListenerOptionKeys.PROXY_PROTOCOL_FROM,
            ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT, ListenerOptionKeys.SEND_PROXY_PROTOCOL);
    static final String FROM_RULE = "must be a list of the trusted balancers' addresses or networks, like"
            + " [\"10.0.0.0/8\", \"::1\"]";

    public ProxyProtocolKeys {
        from = List.copyOf(from);
    }

    /** The options a worker reads: only what is on or set. */
    void addTo(Map<String, String> options) {
        if (on) {
            options.put(ListenerOptionKeys.PROXY_PROTOCOL, "true");
            options.put(ListenerOptionKeys.PROXY_PROTOCOL_FROM, String.join(", ", from));
            if (timeout != null) {
                options.put(ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT, Long.toString(timeout.toMillis()));
            }
        }
        if (send != null) {
            options.put(ListenerOptionKeys.SEND_PROXY_PROTOCOL, send);
        }
    }

    /** The keys as {@code listener[N]} in {@code given} sets them; each mistake becomes a problem naming its line. */
    static ProxyProtocolKeys read(String label, Map<String, Candidate> given, Protocol protocol, List<Problem> problems) {
        int before = problems.size();
        if (protocol.isDatagram()) {
            for (String key : KEYS) {
                if (given.containsKey(key)) {
                    problems.add(given.get(key).problem(label + "." + key + " is only for TCP listeners (this listener"
                            + " is " + protocol.label() + ")"));
                }
            }
            return NONE;
        }
        Boolean on = parse(given.get(ListenerOptionKeys.PROXY_PROTOCOL), c -> Rules.bool(c.key()).parse(c).value(), problems);
        List<String> from = parse(given.get(ListenerOptionKeys.PROXY_PROTOCOL_FROM), ProxyProtocolKeys::networks, problems);
        Duration timeout = parse(given.get(ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT),
                c -> Rules.duration(c.key(), Duration.ofMillis(1), Duration.ofMinutes(5)).parse(c).value(), problems);
        String send = parse(given.get(ListenerOptionKeys.SEND_PROXY_PROTOCOL), ProxyProtocolKeys::version, problems);
        if (Boolean.TRUE.equals(on) && !given.containsKey(ListenerOptionKeys.PROXY_PROTOCOL_FROM)) {
            problems.add(given.get(ListenerOptionKeys.PROXY_PROTOCOL).problem(label + ".proxy-protocol = true needs "
                    + label + ".proxy-protocol-from: the addresses or networks of the balancers whose headers are"
                    + " trusted, like [\"10.0.0.0/8\"] (a header from anyone else could claim any client address)"));
        }
        for (String key : List.of(ListenerOptionKeys.PROXY_PROTOCOL_FROM, ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT)) {
            if (given.containsKey(key) && !Boolean.TRUE.equals(on) && !given.containsKey(ListenerOptionKeys.PROXY_PROTOCOL)) {
                problems.add(given.get(key).problem(label + "." + key + " needs " + label + ".proxy-protocol = true"));
            }
        }
        if (given.containsKey(ListenerOptionKeys.SEND_PROXY_PROTOCOL) && protocol != Protocol.PROXY) {
            problems.add(given.get(ListenerOptionKeys.SEND_PROXY_PROTOCOL).problem(label + ".send-proxy-protocol is only"
                    + " for protocol proxy (this listener is " + protocol.label() + ")"));
        }
        if (problems.size() > before) {
            return null;
        }
        boolean enabled = Boolean.TRUE.equals(on);
        return new ProxyProtocolKeys(enabled, enabled ? from : List.of(), enabled ? timeout : null,
                "off".equals(send) ? null : send);
    }

    private static List<String> networks(Candidate c) throws InvalidValue {
        List<String> entries = new ArrayList<>();
        if (c.raw() instanceof TomlArray array) {
            for (Object entry : array.toList()) {
                if (!(entry instanceof String text)) {
                    throw new InvalidValue(c.key() + " " + FROM_RULE + " (got " + c.shown() + " holding " + entry + ")");
                }
                entries.add(text.trim());
            }
        } else if (c.raw() instanceof String text) {
            for (String entry : text.split(",")) {
                entries.add(entry.trim());
            }
        } else {
            throw new InvalidValue(c.key() + " " + FROM_RULE + " (got " + c.shown() + ")");
        }
        try {
            AccessList.networks(String.join(",", entries));
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(c.key() + " " + FROM_RULE + " (got " + e.getMessage() + ")");
        }
        return entries.stream().filter(e -> !e.isEmpty()).toList();
    }

    private static String version(Candidate c) throws InvalidValue {
        if (c.raw() instanceof String text && List.of("v1", "v2", "off").contains(text.trim())) {
            return text.trim();
        }
        throw new InvalidValue(c.key() + " must be \"v1\", \"v2\" or \"off\" (got " + c.shown() + ")");
    }

    private interface Parser<T> {
        T parse(Candidate c) throws InvalidValue;
    }

    private static <T> T parse(Candidate c, Parser<T> parser, List<Problem> problems) {
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
}
