package tcpecho.config;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tcpecho.common.launch.Protocol;
import tcpecho.common.listener.ListenerOptionKeys;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.listener.Upstream;

/**
 * One {@code --listen} value: {@code PROTOCOL:[ADDRESS:]PORT}, the address a literal IPv4 or a
 * bracketed IPv6 one, and for a proxy {@code =HOST:PORT} after it:
 * {@code echo:8090}, {@code daytime:127.0.0.1:8013}, {@code echo-udp:[::1]:8007},
 * {@code proxy:6479=127.0.0.1:6379}.
 */
final class ListenFlag {
    static final String FLAG = "--listen";
    static final String KEY = "listen";
    static final String ORIGIN = Source.FLAG.label() + " " + FLAG;
    static final String GRAMMAR = "PROTOCOL:[ADDRESS:]PORT or proxy:[ADDRESS:]PORT=HOST:PORT";

    private static final Pattern FORM = Pattern.compile("([^:=]+):(?:(\\[[^\\]]*\\]|[^:=\\[\\]]+):)?([^:=]+)(?:=(.*))?");

    private ListenFlag() {
    }

    /** The listener {@code text} declares, without a name yet; a bad spec throws with one line. */
    static Listener parse(String text) throws Rule.InvalidValue {
        String got = " (got \"" + text + "\")";
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new Rule.InvalidValue("listen must be " + GRAMMAR + got);
        }
        Protocol protocol = Protocol.parse(m.group(1));
        if (protocol == null) {
            throw new Rule.InvalidValue("listen protocol must be one of " + Protocol.accepted() + got);
        }
        String bind = null;
        if (m.group(2) != null) {
            String address = m.group(2);
            String bare = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
            if (bare.equals("*")) {
                bind = "*";
            } else if (BindAddresses.literal(address) == null || (!address.startsWith("[") && bare.contains(":"))) {
                throw new Rule.InvalidValue("listen address must be a literal IPv4 address or an IPv6 one in brackets"
                        + " like [::1], not a host name" + got);
            } else {
                bind = bare;
            }
        }
        int port = port(m.group(3), got);
        String upstream = m.group(4);
        if (protocol != Protocol.PROXY) {
            if (upstream != null) {
                throw new Rule.InvalidValue("listen takes =HOST:PORT only for proxy" + got);
            }
            return new Listener(null, protocol, bind, port, ORIGIN, ListenerOptions.of(Listener.builtIn(protocol)), Set.of());
        }
        if (upstream == null) {
            throw new Rule.InvalidValue("listen for proxy needs its upstream: proxy:[ADDRESS:]PORT=HOST:PORT" + got);
        }
        Upstream parsed = HostPort.parse(upstream);
        if (parsed == null) {
            throw new Rule.InvalidValue("listen upstream must be " + HostPort.ACCEPTED + got);
        }
        return new Listener(null, protocol, bind, port, ORIGIN, ListenerOptions.of(ProxyOptions.to(parsed)),
                Set.of(ListenerOptionKeys.UPSTREAM));
    }

    private static int port(String text, String got) throws Rule.InvalidValue {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new Rule.InvalidValue("listen port must be between 1 and 65535" + got);
        }
        return Integer.parseInt(text);
    }
}
