package tcpecho.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Literal IP addresses, parsed without ever asking DNS. */
final class BindAddresses {
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private BindAddresses() {
    }

    /**
     * The address {@code text} spells, or null when it is not a literal.
     *
     * <p>InetAddress.getByName falls back to a DNS lookup for anything it cannot read as a literal
     * ({@code "foo:bar"} included), so IPv4 is matched here first and IPv6 is passed in brackets,
     * which makes the JDK reject a bad literal instead of looking it up.
     */
    static InetAddress literal(String text) {
        String candidate;
        if (IPV4.matcher(text).matches()) {
            candidate = text;
        } else if (text.contains(":")) {
            candidate = text.startsWith("[") ? text : "[" + text + "]";
        } else {
            return null;
        }
        try {
            return InetAddress.getByName(candidate);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
