package tcpecho.worker.proxyheader;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A decoded PROXY protocol header. {@code source} and {@code destination} are the original
 * connection's endpoints when the header carries IP addresses for a relayed connection; they are
 * null when the receiver must use the real socket's endpoints instead: the LOCAL command (a
 * balancer's own health check), {@code UNKNOWN} (v1), the UNSPEC family, and AF_UNIX (a path is no
 * client address an access list or a per-IP limit could use; {@code unixSource} keeps it for the log).
 *
 * @param version 1 or 2
 * @param length the header's bytes on the wire, exactly what was read
 */
public record ProxyHeader(int version, boolean local, Family family, InetSocketAddress source,
                          InetSocketAddress destination, String unixSource, List<Tlv> tlvs, int length) {
    /** The address family as the header names it (v1: TCP4, TCP6, UNKNOWN; v2: the high nibble of byte 14). */
    public enum Family { INET, INET6, UNIX, UNSPEC }

    public ProxyHeader {
        tlvs = List.copyOf(tlvs);
    }

    /** Whether the header names the original client: otherwise the socket's peer stays the client. */
    public boolean hasClient() {
        return source != null;
    }

    /** {@code PROXY v2 TCP4}, {@code PROXY v1 UNKNOWN}, {@code PROXY v2 LOCAL}: for log lines. */
    public String describe() {
        if (local) {
            return "PROXY v" + version + " LOCAL";
        }
        String name = switch (family) {
            case INET -> "TCP4";
            case INET6 -> "TCP6";
            case UNIX -> "UNIX " + unixSource;
            case UNSPEC -> version == 1 ? "UNKNOWN" : "UNSPEC";
        };
        return "PROXY v" + version + " " + name;
    }
}
