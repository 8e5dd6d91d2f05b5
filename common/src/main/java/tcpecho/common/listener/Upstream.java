package tcpecho.common.listener;

import java.util.Objects;

/**
 * Where a proxy listener forwards: a host name or literal address, and a port. The name is not
 * resolved here: the worker resolves it once at start (a lookup per connection would block its loop).
 */
public record Upstream(String host, int port) {

    public Upstream {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream must be host:port with a port from 1 to 65535, got '"
                    + host + "' port " + port);
        }
    }

    /**
     * {@code host:port}, an IPv6 address in brackets, or null when {@code text} is not of that form.
     * Checks the form only: which host names are valid is the config's rule.
     */
    public static Upstream parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 1 || colon == text.length() - 1 || text.length() - colon > 6) {
            return null;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return null;
        }
        int port = 0;
        for (int i = colon + 1; i < text.length(); i++) {
            // A loop, not Integer.parseInt's exception: a bad port is an answer here, not an error.
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            port = port * 10 + (c - '0');
        }
        return host.isEmpty() || port < 1 || port > 65535 ? null : new Upstream(host, port);
    }

    /** {@code redis.internal:6379}, {@code 127.0.0.1:6379} or {@code [::1]:6379}, as a user writes it. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
