package tcpecho.config;

import static tcpecho.common.listener.ListenerOptionKeys.PROXY_PROTOCOL;
import static tcpecho.common.listener.ListenerOptionKeys.PROXY_PROTOCOL_FROM;
import static tcpecho.common.listener.ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT;
import static tcpecho.common.listener.ListenerOptionKeys.SEND_PROXY_PROTOCOL;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import tcpecho.common.launch.Protocol;
import tcpecho.common.listener.ProxyProtocolOptions;
import tcpecho.common.listener.SendProxyProtocol;
import tcpecho.common.net.AccessList;
import tcpecho.common.text.Labelled;
import tcpecho.config.Rule.InvalidValue;

/**
 * A {@code [[listener]]}'s PROXY protocol keys: {@code proxy-protocol = true} (every connection
 * begins with a header from a trusted balancer), {@code proxy-protocol-from} (those balancers'
 * addresses and networks, required with it: a header from anyone else could claim any client) and
 * {@code proxy-protocol-timeout}, for every TCP listener; {@code send-proxy-protocol} for a proxy
 * (the protocol-only check of {@link ListenerTable} refuses it elsewhere).
 */
final class ProxyProtocolKeys {
    /** The keys every TCP listener takes. */
    static final List<String> TCP = List.of(PROXY_PROTOCOL, PROXY_PROTOCOL_FROM, PROXY_PROTOCOL_TIMEOUT);
    static final String FROM_RULE = "must be a list of the trusted balancers' addresses or networks, like"
            + " [\"10.0.0.0/8\", \"::1\"]";

    private ProxyProtocolKeys() {
    }

    /** What {@code label}'s keys in {@code given} say, or null when one is wrong (a problem is recorded for each). */
    static ProxyProtocolOptions read(String label, Map<String, Candidate> given, List<Problem> problems) {
        int before = problems.size();
        Boolean on = ListenerTable.parse(given.get(PROXY_PROTOCOL), c -> Rules.bool(c.key()).parse(c).value(), problems);
        List<String> from = ListenerTable.parse(given.get(PROXY_PROTOCOL_FROM), ProxyProtocolKeys::networks, problems);
        Duration timeout = ListenerTable.parse(given.get(PROXY_PROTOCOL_TIMEOUT),
                c -> Rules.duration(c.key(), Duration.ofMillis(1), Duration.ofMinutes(5)).parse(c).value(), problems);
        if (Boolean.TRUE.equals(on) && !given.containsKey(PROXY_PROTOCOL_FROM)) {
            problems.add(given.get(PROXY_PROTOCOL).problem(label + ".proxy-protocol = true needs " + label
                    + ".proxy-protocol-from: the addresses or networks of the balancers whose headers are trusted, like"
                    + " [\"10.0.0.0/8\"] (a header from anyone else could claim any client address)"));
        }
        for (String key : List.of(PROXY_PROTOCOL_FROM, PROXY_PROTOCOL_TIMEOUT)) {
            if (given.containsKey(key) && !given.containsKey(PROXY_PROTOCOL)) {
                problems.add(given.get(key).problem(label + "." + key + " needs " + label + ".proxy-protocol = true"));
            }
        }
        if (problems.size() > before || !Boolean.TRUE.equals(on)) {
            return problems.size() > before ? null : ProxyProtocolOptions.OFF;
        }
        return new ProxyProtocolOptions(from, timeout == null ? ProxyProtocolOptions.DEFAULT_TIMEOUT_MILLIS : timeout.toMillis());
    }

    /** A proxy's {@code send-proxy-protocol}; OFF when unset, null when wrong (a problem is recorded). */
    static SendProxyProtocol send(Map<String, Candidate> given, List<Problem> problems) {
        if (!given.containsKey(SEND_PROXY_PROTOCOL)) {
            return SendProxyProtocol.OFF;
        }
        return ListenerTable.parse(given.get(SEND_PROXY_PROTOCOL),
                c -> SendProxyProtocol.parse(ListenerTable.choice(c, Labelled.labels(SendProxyProtocol.values()), "")), problems);
    }

    private static List<String> networks(Candidate c) throws InvalidValue {
        List<String> entries = Rules.strings(c, c.key() + " " + FROM_RULE).stream().map(String::trim).toList();
        try {
            AccessList.networks(String.join(",", entries));
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(c.key() + " " + FROM_RULE + " (got " + e.getMessage() + ")");
        }
        return entries.stream().filter(e -> !e.isEmpty()).toList();
    }
}
