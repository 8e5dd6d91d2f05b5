package tcpecho.worker;

import static tcpecho.common.launch.ListenerOptionKeys.CONNECT_TIMEOUT;
import static tcpecho.common.launch.ListenerOptionKeys.DUMP;
import static tcpecho.common.launch.ListenerOptionKeys.DUMP_FILE;
import static tcpecho.common.launch.ListenerOptionKeys.DUMP_FORMAT;
import static tcpecho.common.launch.ListenerOptionKeys.SEND_PROXY_PROTOCOL;
import static tcpecho.common.launch.ListenerOptionKeys.UPSTREAM;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Set;
import tcpecho.common.launch.InheritedListener;

/**
 * A proxy listener's options, checked at worker start. The upstream name is resolved here, once:
 * a DNS lookup per connection would block the event loop, and a worker is restarted by every
 * reload anyway, which is when a changed address is picked up. An unresolvable name is a start-up
 * error, like any other bad option.
 */
record ProxySettings(InetSocketAddress upstream, String upstreamText, long connectTimeoutMillis, String dump,
                     Path dumpFile, DumpFormat.Style dumpStyle, int sendProxyProtocol) {
    static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5000;

    static ProxySettings parse(InheritedListener listener) {
        String upstream = listener.options().get(UPSTREAM);
        if (upstream == null || upstream.isEmpty()) {
            throw Protocols.badOption(listener, UPSTREAM, "is required (host:port)");
        }
        String dump = listener.option(DUMP, "off");
        if (!Set.of("off", "log", "file").contains(dump)) {
            throw Protocols.badOption(listener, DUMP, "must be off, log or file (got '" + dump + "')");
        }
        Path dumpFile = null;
        String file = listener.options().get(DUMP_FILE);
        if (dump.equals("file")) {
            if (file == null || !Path.of(file).isAbsolute()) {
                throw Protocols.badOption(listener, DUMP_FILE, "must be an absolute path when dump=file (got '" + file + "')");
            }
            dumpFile = Path.of(file);
        }
        DumpFormat.Style style;
        try {
            style = DumpFormat.Style.parse(listener.option(DUMP_FORMAT, "auto"));
        } catch (IllegalArgumentException e) {
            throw Protocols.badOption(listener, DUMP_FORMAT, e.getMessage());
        }
        return new ProxySettings(resolve(listener, upstream), upstream, connectTimeout(listener), dump, dumpFile,
                style, sendProxyProtocol(listener));
    }

    /** 0 (off), 1 or 2: the version of the PROXY header sent upstream first. */
    private static int sendProxyProtocol(InheritedListener listener) {
        String version = listener.option(SEND_PROXY_PROTOCOL, "off");
        return switch (version) {
            case "off" -> 0;
            case "v1" -> 1;
            case "v2" -> 2;
            default -> throw Protocols.badOption(listener, SEND_PROXY_PROTOCOL, "must be v1, v2 or off (got '" + version + "')");
        };
    }

    private static long connectTimeout(InheritedListener listener) {
        String text = listener.option(CONNECT_TIMEOUT, Long.toString(DEFAULT_CONNECT_TIMEOUT_MILLIS));
        try {
            long millis = Long.parseLong(text);
            if (millis >= 1) {
                return millis;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw Protocols.badOption(listener, CONNECT_TIMEOUT, "must be a whole number of milliseconds, at least 1 (got '" + text + "')");
    }

    private static InetSocketAddress resolve(InheritedListener listener, String upstream) {
        int colon = upstream.lastIndexOf(':');
        String host = colon > 0 ? upstream.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(upstream.substring(colon + 1));
        } catch (NumberFormatException notANumber) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw Protocols.badOption(listener, UPSTREAM, "must be host:port with a port from 1 to 65535 (got '" + upstream + "')");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw Protocols.badOption(listener, UPSTREAM, "host '" + host + "' does not resolve (" + e.getMessage() + ")");
        }
    }
}
