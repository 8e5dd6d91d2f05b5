package tcpecho.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ADDRESS:PORT} with a literal address ({@code [v6]} in brackets) or {@code *}, never a DNS lookup. */
final class SocketAddresses {
    private static final Pattern HOST_PORT = Pattern.compile("(\\*|\\[[0-9A-Fa-f:.%\\w]+\\]|[0-9.]+):(\\d{1,5})");

    private SocketAddresses() {
    }

    /** The address {@code text} spells, or null when it is not {@code ADDRESS:PORT} with a port 1..65535. */
    static InetSocketAddress parse(String text) {
        Matcher m = HOST_PORT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return null;
        }
        String host = m.group(1);
        if (host.equals("*")) {
            return new InetSocketAddress(port);
        }
        InetAddress address = BindAddresses.literal(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        return address == null ? null : new InetSocketAddress(address, port);
    }
}
