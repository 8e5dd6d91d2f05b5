package tcpecho.worker.proxyheader;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Version 2, the binary header (spec section 2.2): a 12-byte signature, version and command, family
 * and transport, a 16-bit length, then that many bytes of addresses and TLVs. Its length is known
 * after 16 bytes, so it is read exactly: 16, then the rest.
 */
final class V2Header {
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int FIXED_BYTES = 16;
    static final int INET_BYTES = 12;
    static final int INET6_BYTES = 36;
    static final int UNIX_BYTES = 216;
    private static final int UNIX_PATH = 108;
    /** The spec's "protocol bytes": any other pairing of family and transport is refused. */
    private static final Set<Integer> VALID_FAMILIES = Set.of(0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32);

    private V2Header() {
    }

    /** Refuses a prefix of the first 16 bytes as soon as it cannot be a v2 header. */
    static void checkPrefix(byte[] header, int length) throws ProxyHeaderException {
        for (int i = 0; i < Math.min(length, SIGNATURE.length); i++) {
            if (header[i] != SIGNATURE[i]) {
                throw new ProxyHeaderException("not a PROXY protocol header (starts " + Hex.quote(header, length) + ")");
            }
        }
        if (length > 12) {
            int version = (header[12] & 0xF0) >> 4;
            int command = header[12] & 0x0F;
            if (version != 2) {
                throw new ProxyHeaderException("v2 header has version " + version + " (only 2 exists)");
            }
            if (command > 1) {
                throw new ProxyHeaderException("v2 header has command " + command + " (LOCAL 0 or PROXY 1)");
            }
        }
        if (length > 13 && !VALID_FAMILIES.contains(header[13] & 0xFF)) {
            throw new ProxyHeaderException(String.format("v2 header has family and transport 0x%02x (accepted: "
                    + "0x00 UNSPEC, 0x11 TCP4, 0x12 UDP4, 0x21 TCP6, 0x22 UDP6, 0x31 UNIX stream, 0x32 UNIX datagram)",
                    header[13] & 0xFF));
        }
    }

    /** The whole header's length once the 16 fixed bytes are in. */
    static int totalLength(byte[] header) {
        return FIXED_BYTES + ((header[14] & 0xFF) << 8 | (header[15] & 0xFF));
    }

    /** Decodes the complete header {@code header[0, length)}. */
    static ProxyHeader parse(byte[] header, int length) throws ProxyHeaderException {
        boolean local = (header[12] & 0x0F) == 0;
        int family = (header[13] & 0xF0) >> 4;
        // LOCAL: "discard the protocol block including the family"; TLVs are skipped with it.
        if (local) {
            return new ProxyHeader(2, true, ProxyHeader.Family.UNSPEC, null, null, null, List.of(), length);
        }
        int addressBytes = switch (family) {
            case 1 -> INET_BYTES;
            case 2 -> INET6_BYTES;
            case 3 -> UNIX_BYTES;
            default -> 0;
        };
        if (family == 0) {
            // UNSPEC: the spec lets the receiver use the real endpoints; the rest is skipped unread.
            return new ProxyHeader(2, false, ProxyHeader.Family.UNSPEC, null, null, null, List.of(), length);
        }
        if (length - FIXED_BYTES < addressBytes) {
            throw new ProxyHeaderException("v2 header's length " + (length - FIXED_BYTES) + " is too short for its "
                    + (family == 1 ? "IPv4" : family == 2 ? "IPv6" : "UNIX") + " addresses (" + addressBytes + " bytes)");
        }
        List<Tlv> tlvs = tlvs(header, FIXED_BYTES + addressBytes, length);
        if (family == 3) {
            return new ProxyHeader(2, false, ProxyHeader.Family.UNIX, null, null, path(header, FIXED_BYTES), tlvs, length);
        }
        int size = family == 1 ? 4 : 16;
        int at = FIXED_BYTES;
        InetAddress source = address(header, at, size);
        InetAddress destination = address(header, at + size, size);
        int ports = at + 2 * size;
        return new ProxyHeader(2, false, family == 1 ? ProxyHeader.Family.INET : ProxyHeader.Family.INET6,
                new InetSocketAddress(source, u16(header, ports)), new InetSocketAddress(destination, u16(header, ports + 2)),
                null, tlvs, length);
    }

    /** The TLVs in header[from, to): each must fit exactly; CRC32C is verified, SSL's sub-TLVs checked. */
    private static List<Tlv> tlvs(byte[] header, int from, int to) throws ProxyHeaderException {
        List<Tlv> tlvs = new ArrayList<>();
        int at = from;
        while (at < to) {
            if (to - at < 3) {
                throw new ProxyHeaderException("v2 header ends inside a TLV (" + (to - at) + " byte(s) left)");
            }
            int type = header[at] & 0xFF;
            int size = u16(header, at + 1);
            if (size > to - at - 3) {
                throw new ProxyHeaderException(String.format("v2 TLV 0x%02x says %d bytes, %d are left", type, size,
                        to - at - 3));
            }
            byte[] value = Arrays.copyOfRange(header, at + 3, at + 3 + size);
            check(type, value, header, at + 3, to);
            tlvs.add(new Tlv(type, value));
            at += 3 + size;
        }
        return tlvs;
    }

    private static void check(int type, byte[] value, byte[] header, int valueAt, int length) throws ProxyHeaderException {
        switch (type) {
            case Tlv.CRC32C -> checkCrc(value, header, valueAt, length);
            case Tlv.UNIQUE_ID -> {
                if (value.length > Tlv.MAX_UNIQUE_ID) {
                    throw new ProxyHeaderException("v2 unique ID TLV is " + value.length + " bytes (at most "
                            + Tlv.MAX_UNIQUE_ID + ")");
                }
            }
            case Tlv.SSL -> {
                // client (1 byte), verify (4 bytes), then sub-TLVs that must fit too.
                if (value.length < 5) {
                    throw new ProxyHeaderException("v2 SSL TLV is " + value.length + " bytes (at least 5)");
                }
                tlvs(value, 5, value.length);
            }
            default -> {
                // ALPN, AUTHORITY, NOOP, NETNS and types we do not know: skipped, as the spec allows.
            }
        }
    }

    /** PP2_TYPE_CRC32C: the checksum of the whole header with its own 4 bytes zeroed (RFC 4960, appendix B). */
    private static void checkCrc(byte[] value, byte[] header, int valueAt, int length) throws ProxyHeaderException {
        if (value.length != 4) {
            throw new ProxyHeaderException("v2 CRC32C TLV is " + value.length + " bytes (4)");
        }
        byte[] copy = Arrays.copyOf(header, length);
        Arrays.fill(copy, valueAt, valueAt + 4, (byte) 0);
        CRC32C crc = new CRC32C();
        crc.update(copy, 0, length);
        long expected = (long) u16(value, 0) << 16 | u16(value, 2);
        if (crc.getValue() != expected) {
            throw new ProxyHeaderException(String.format("v2 header's CRC32C is 0x%08x, its TLV says 0x%08x",
                    crc.getValue(), expected));
        }
    }

    private static InetAddress address(byte[] header, int at, int size) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(header, at, at + size));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A 108-byte AF_UNIX path up to its first NUL, made safe for a log line (bytes outside printable ASCII as \\xNN). */
    private static String path(byte[] header, int at) {
        int end = at;
        while (end < at + UNIX_PATH && header[end] != 0) {
            end++;
        }
        String quoted = Hex.quote(Arrays.copyOfRange(header, at, end), end - at, UNIX_PATH);
        return quoted.substring(1, quoted.length() - 1);
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    }
}
