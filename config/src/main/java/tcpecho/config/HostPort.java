package tcpecho.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tcpecho.common.listener.Upstream;

/** {@code host:port} as a proxy's upstream: a host name, a literal IPv4 or a bracketed IPv6 address. */
final class HostPort {
    static final String ACCEPTED = "HOST:PORT like \"127.0.0.1:6379\", \"[::1]:6379\" or \"redis.internal:6379\"";

    private static final Pattern FORM = Pattern.compile("(\\[[^\\]]+\\]|[^:\\[\\]]+):(\\d{1,5})");
    /** RFC 1123 labels; checked here so a typo fails at load, not at the first client's connect. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private HostPort() {
    }

    /** The upstream {@code text} names if it is a valid host:port, else null. Never asks DNS. */
    static Upstream parse(String text) {
        String trimmed = text.trim();
        Matcher m = FORM.matcher(trimmed);
        if (!m.matches()) {
            return null;
        }
        String host = m.group(1);
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return null;
        }
        boolean valid = host.startsWith("[") ? BindAddresses.literal(host) != null && host.contains(":")
                : BindAddresses.literal(host) != null || (HOST_NAME.matcher(host).matches() && !host.matches("[\\d.]+"));
        return valid ? Upstream.parse(trimmed) : null;
    }
}
