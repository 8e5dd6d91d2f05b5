package tcpecho.worker.proxyheader;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes the header a {@code proxy} listener sends upstream with {@code send-proxy-protocol}: the
 * PROXY command with the original client as source and the address it connected to as destination.
 * Both must be of one family; when one is IPv4 and the other IPv6 (a dual-stack listener), the IPv4
 * one is written IPv4-mapped and the header is TCP6.
 */
public final class ProxyHeaderEncoder {
    private ProxyHeaderEncoder() {
    }

    /** {@code PROXY TCP4 192.0.2.1 198.51.100.2 51234 7\r\n}. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        boolean v4 = bothV4(source, destination);
        String line = "PROXY " + (v4 ? "TCP4 " : "TCP6 ") + text(bytes(source, v4)) + " " + text(bytes(destination, v4))
                + " " + source.getPort() + " " + destination.getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary form: signature, 0x21 (v2, PROXY), 0x11 or 0x21 (TCP4, TCP6), length 12 or 36, addresses, ports. */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination) {
        boolean v4 = bothV4(source, destination);
        int addresses = v4 ? V2Header.INET_BYTES : V2Header.INET6_BYTES;
        ByteBuffer out = ByteBuffer.allocate(V2Header.FIXED_BYTES + addresses);
        out.put(V2Header.SIGNATURE).put((byte) 0x21).put((byte) (v4 ? 0x11 : 0x21)).putShort((short) addresses);
        out.put(bytes(source, v4)).put(bytes(destination, v4));
        out.putShort((short) source.getPort()).putShort((short) destination.getPort());
        return out.array();
    }

    /**
     * For a client whose addresses are no longer known (its socket went away): {@code PROXY UNKNOWN\r\n},
     * or a v2 LOCAL header, each telling the receiver to use the connection's own endpoints.
     */
    public static byte[] unknown(int version) {
        if (version == 1) {
            return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        return ByteBuffer.allocate(V2Header.FIXED_BYTES).put(V2Header.SIGNATURE).put((byte) 0x20).put((byte) 0)
                .putShort((short) 0).array();
    }

    private static boolean bothV4(InetSocketAddress source, InetSocketAddress destination) {
        return source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address;
    }

    /** The address's 4 bytes, or 16 (an IPv4 one mapped as ::ffff:a.b.c.d) when {@code v4} is false. */
    private static byte[] bytes(InetSocketAddress address, boolean v4) {
        byte[] raw = address.getAddress().getAddress();
        if (v4 || raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    /** Dotted quad, or eight hex groups: no scope id (getHostAddress adds one), nothing to resolve. */
    private static String text(byte[] raw) {
        StringBuilder out = new StringBuilder();
        if (raw.length == 4) {
            for (int i = 0; i < 4; i++) {
                out.append(i > 0 ? "." : "").append(raw[i] & 0xFF);
            }
            return out.toString();
        }
        for (int i = 0; i < 8; i++) {
            out.append(i > 0 ? ":" : "").append(Integer.toHexString((raw[2 * i] & 0xFF) << 8 | (raw[2 * i + 1] & 0xFF)));
        }
        return out.toString();
    }
}
