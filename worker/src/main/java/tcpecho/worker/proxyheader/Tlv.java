package tcpecho.worker.proxyheader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One type-length-value entry of a version 2 header (HAProxy's spec, section 2.2). The value is a
 * copy of at most the header's bound, and the header itself lives only until the connection's
 * client address is known, so nothing a balancer sends here stays with the connection.
 */
public record Tlv(int type, byte[] value) {
    public static final int ALPN = 0x01;
    public static final int AUTHORITY = 0x02;
    public static final int CRC32C = 0x03;
    public static final int NOOP = 0x04;
    public static final int UNIQUE_ID = 0x05;
    public static final int SSL = 0x20;
    public static final int NETNS = 0x30;
    /** PP2_TYPE_UNIQUE_ID is "up to 128 bytes". */
    public static final int MAX_UNIQUE_ID = 128;

    @Override
    public boolean equals(Object other) {
        return other instanceof Tlv tlv && tlv.type == type && Arrays.equals(tlv.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    /** The value as text, for the types the spec defines as strings (authority, netns). */
    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
