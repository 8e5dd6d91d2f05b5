package tcpecho.common.launch;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A listening socket the master hands to a worker at spawn: it sits on file descriptor {@code fd}
 * in the worker, already bound (and listening, for stream protocols), and the worker serves it with
 * {@code protocol}. {@code family} is {@code inet} or {@code inet6}, which the JDK needs to wrap the
 * descriptor. {@code options} are the protocol's own settings (a proxy's upstream, its dump target).
 */
public record InheritedListener(int fd, Protocol protocol, String family, String name, Map<String, String> options) {

    public InheritedListener {
        Objects.requireNonNull(protocol, "protocol");
        if (fd < 3) {
            throw new IllegalArgumentException("listener fd must be 3 or above, got " + fd);
        }
        if (!family.equals("inet") && !family.equals("inet6")) {
            throw new IllegalArgumentException("listener family must be inet or inet6, got '" + family + "'");
        }
        if (name.isEmpty() || name.contains(":") || name.contains(",")) {
            throw new IllegalArgumentException("listener name must be non-empty without ':' or ',', got '" + name + "'");
        }
        options = Map.copyOf(options);
    }

    public InheritedListener(int fd, Protocol protocol, String family, String name) {
        this(fd, protocol, family, name, Map.of());
    }

    /** Whether the socket is a UDP socket (bound, not listening) rather than a TCP listener. */
    public boolean isDatagram() {
        return protocol.isDatagram();
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /** {@code fd:protocol:family:name[:k=v&k=v]} (values URL-encoded), as on the worker's command line. */
    public String encode() {
        String head = fd + ":" + protocol.label() + ":" + family + ":" + name;
        if (options.isEmpty()) {
            return head;
        }
        StringJoiner pairs = new StringJoiner("&");
        new java.util.TreeMap<>(options).forEach((k, v) -> pairs.add(urlEncode(k) + "=" + urlEncode(v)));
        return head + ":" + pairs;
    }

    public static InheritedListener decode(String text) {
        String[] parts = text.split(":", 5);
        if (parts.length < 4) {
            throw new IllegalArgumentException("listener must be fd:protocol:family:name[:options], got '" + text + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (parts.length == 5 && !parts[4].isEmpty()) {
            for (String pair : parts[4].split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("listener option must be key=value, got '" + pair + "'");
                }
                options.put(urlDecode(pair.substring(0, eq)), urlDecode(pair.substring(eq + 1)));
            }
        }
        Protocol protocol = Protocol.parse(parts[1]);
        if (protocol == null) {
            throw new IllegalArgumentException("listener '" + parts[3] + "' (fd " + parts[0] + ") has unknown protocol '"
                    + parts[1] + "' (accepted: " + Protocol.accepted() + ")");
        }
        try {
            return new InheritedListener(Integer.parseInt(parts[0]), protocol, parts[2], parts[3], options);
        } catch (NumberFormatException badFd) {
            throw new IllegalArgumentException("listener fd must be a number, got '" + parts[0] + "'");
        }
    }

    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String urlDecode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
