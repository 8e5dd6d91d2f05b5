package tcpecho.worker.proxyheader;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Version 1, the text line: {@code PROXY TCP4 192.0.2.1 198.51.100.2 51234 7\r\n}, at most 107
 * bytes with the CRLF (spec section 2.1).
 *
 * <p>The receiver must read exactly the line and not one byte of what follows, but Java cannot
 * peek (recv with MSG_PEEK) and the line has no length field. So {@link #wanted} works out, from
 * the bytes seen so far, the fewest bytes that could still complete a valid line: reading that many
 * can never read past the CRLF. A typical line arrives in 4-6 reads; a line gone wrong is refused at
 * its first impossible byte rather than at the CRLF.
 */
final class V1Line {
    static final int MAX_BYTES = 107;
    static final String PREFIX = "PROXY ";
    /** {@code PROXY UNKNOWN\r\n}, the shortest line. */
    static final int MIN_BYTES = 15;
    private static final List<String> FAMILIES = List.of("TCP4", "TCP6", "UNKNOWN");
    /** What must follow each family at least: TCP4 " 0.0.0.0 0.0.0.0 0 0\r\n", TCP6 " :: :: 0 0\r\n", UNKNOWN "\r\n". */
    private static final int[] AFTER_FAMILY = {22, 12, 2};

    private V1Line() {
    }

    /**
     * The fewest bytes that could complete a valid line after {@code line[0, length)} (which holds
     * no CRLF yet): always at least 1. Throws when no continuation could make the line valid.
     */
    static int wanted(byte[] line, int length) throws ProxyHeaderException {
        checkLineBreaks(line, length, false);
        if (length >= MAX_BYTES) {
            throw new ProxyHeaderException("v1 line has no CRLF within " + MAX_BYTES + " bytes");
        }
        int bound = Math.min(bound(line, length), MAX_BYTES - length);
        return Math.max(1, bound);
    }

    private static int bound(byte[] line, int length) throws ProxyHeaderException {
        for (int i = 0; i < Math.min(length, PREFIX.length()); i++) {
            if (line[i] != PREFIX.charAt(i)) {
                throw new ProxyHeaderException("not a PROXY protocol header (starts " + Hex.quote(line, length) + ")");
            }
        }
        if (length < PREFIX.length()) {
            return MIN_BYTES - length;
        }
        int familyEnd = indexOf(line, PREFIX.length(), length, (byte) ' ', (byte) '\r');
        String family = ascii(line, PREFIX.length(), familyEnd < 0 ? length : familyEnd);
        if (familyEnd < 0) {
            int best = Integer.MAX_VALUE;
            for (int f = 0; f < FAMILIES.size(); f++) {
                if (FAMILIES.get(f).startsWith(family)) {
                    best = Math.min(best, FAMILIES.get(f).length() - family.length() + AFTER_FAMILY[f]);
                }
            }
            if (best == Integer.MAX_VALUE) {
                throw new ProxyHeaderException("v1 protocol must be TCP4, TCP6 or UNKNOWN (got \"" + family + "...\")");
            }
            return best;
        }
        int f = FAMILIES.indexOf(family);
        if (f < 0) {
            throw new ProxyHeaderException("v1 protocol must be TCP4, TCP6 or UNKNOWN (got \"" + family + "\")");
        }
        if (f == 2) {
            // UNKNOWN: anything may follow up to the CRLF, so only the CRLF itself is certain.
            return line[length - 1] == '\r' ? 1 : 2;
        }
        return fieldsBound(line, familyEnd, length, f == 0);
    }

    /** After {@code TCP4}/{@code TCP6}: " src dst sport dport\r\n", checked as far as it goes. */
    private static int fieldsBound(byte[] line, int familyEnd, int length, boolean v4) throws ProxyHeaderException {
        if (line[familyEnd] != ' ') {
            throw new ProxyHeaderException("v1 line ends before its addresses");
        }
        int field = 0;
        int start = familyEnd + 1;
        for (int i = start; i < length; i++) {
            byte c = line[i];
            if (c == ' ' || c == '\r') {
                if (i == start || (c == ' ') == (field == 3)) {
                    throw new ProxyHeaderException("v1 line is not \"PROXY " + (v4 ? "TCP4" : "TCP6")
                            + " SOURCE DESTINATION SOURCE-PORT DESTINATION-PORT\" (got " + Hex.quote(line, length) + ")");
                }
                if (c == '\r') {
                    return 1;
                }
                field++;
                start = i + 1;
            } else if (!allowed(c, field, v4) || i - start >= maxLength(field, v4)) {
                throw new ProxyHeaderException("v1 " + fieldName(field) + " is not " + (field < 2 ? v4 ? "an IPv4" : "an IPv6"
                        + " address" : "a port") + (field < 2 && v4 ? " address" : "") + " (got " + Hex.quote(line, length) + ")");
            }
        }
        int bound = partialBound(line, start, length, field, v4);
        for (int next = field + 1; next < 4; next++) {
            bound += 1 + (next < 2 ? v4 ? 7 : 2 : 1);
        }
        return bound + 2;
    }

    /** The fewest bytes that could complete the field in line[start, length). */
    private static int partialBound(byte[] line, int start, int length, int field, boolean v4) {
        int have = length - start;
        if (field >= 2) {
            return have == 0 ? 1 : 0;
        }
        if (v4) {
            int dots = 0;
            for (int i = start; i < length; i++) {
                dots += line[i] == '.' ? 1 : 0;
            }
            boolean openPart = have == 0 || line[length - 1] == '.';
            return Math.max(0, (3 - dots) * 2) + (openPart ? 1 : 0);
        }
        if (have == 0) {
            return 2;
        }
        boolean singleColon = line[length - 1] == ':' && (have < 2 || line[length - 2] != ':');
        return singleColon ? 1 : 0;
    }

    private static boolean allowed(byte c, int field, boolean v4) {
        boolean digit = c >= '0' && c <= '9';
        if (field >= 2) {
            return digit;
        }
        if (v4) {
            return digit || c == '.';
        }
        return digit || c == ':' || c == '.' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** IPv6 with an IPv4 tail is 45 characters at most; ports 5. */
    private static int maxLength(int field, boolean v4) {
        return field >= 2 ? 5 : v4 ? 15 : 45;
    }

    private static String fieldName(int field) {
        return switch (field) {
            case 0 -> "source address";
            case 1 -> "destination address";
            case 2 -> "source port";
            default -> "destination port";
        };
    }

    /** Decodes the complete line {@code line[0, length)}, which ends with its first CRLF. */
    static ProxyHeader parse(byte[] line, int length) throws ProxyHeaderException {
        checkLineBreaks(line, length, true);
        bound(line, length - 1);
        String text = ascii(line, 0, length - 2);
        String[] parts = text.split(" ", -1);
        if (parts[1].equals("UNKNOWN")) {
            return new ProxyHeader(1, false, ProxyHeader.Family.UNSPEC, null, null, null, List.of(), length);
        }
        boolean v4 = parts[1].equals("TCP4");
        if (parts.length != 6) {
            throw new ProxyHeaderException("v1 line must have 6 fields (got " + Hex.quote(line, length) + ")");
        }
        InetAddress source = address(parts[2], v4, "source");
        InetAddress destination = address(parts[3], v4, "destination");
        int sourcePort = port(parts[4], "source");
        int destinationPort = port(parts[5], "destination");
        return new ProxyHeader(1, false, v4 ? ProxyHeader.Family.INET : ProxyHeader.Family.INET6,
                new InetSocketAddress(source, sourcePort), new InetSocketAddress(destination, destinationPort), null,
                List.of(), length);
    }

    private static InetAddress address(String text, boolean v4, String which) throws ProxyHeaderException {
        byte[] bytes = v4 ? TextAddresses.ipv4(text) : TextAddresses.ipv6(text);
        if (bytes == null) {
            throw new ProxyHeaderException("v1 " + which + " address \"" + text + "\" is not " + (v4 ? "an IPv4" : "an IPv6")
                    + " address in canonical form");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new ProxyHeaderException("v1 " + which + " address \"" + text + "\": " + impossible.getMessage());
        }
    }

    private static int port(String text, String which) throws ProxyHeaderException {
        int port = TextAddresses.port(text);
        if (port < 0) {
            throw new ProxyHeaderException("v1 " + which + " port \"" + text + "\" is not 0-65535 without leading zeros");
        }
        return port;
    }

    /**
     * A CR must be followed by LF and an LF preceded by CR (the spec: "must not tolerate a single CR
     * or LF"); with {@code complete}, the only CRLF is the last two bytes.
     */
    private static void checkLineBreaks(byte[] line, int length, boolean complete) throws ProxyHeaderException {
        int end = complete ? length - 2 : length;
        for (int i = 0; i < end; i++) {
            boolean lastOfPartial = !complete && i == end - 1;
            if (line[i] == '\n' || line[i] == '\r' && !lastOfPartial) {
                throw new ProxyHeaderException("v1 line has a lone CR or LF (got " + Hex.quote(line, length) + ")");
            }
            if (line[i] < 0x20 && line[i] != '\r' || line[i] > 0x7E) {
                throw new ProxyHeaderException("v1 line has a byte that is not printable US-ASCII (got "
                        + Hex.quote(line, length) + ")");
            }
        }
    }

    private static int indexOf(byte[] line, int from, int to, byte a, byte b) {
        for (int i = from; i < to; i++) {
            if (line[i] == a || line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] line, int from, int to) {
        return new String(line, from, to - from, StandardCharsets.US_ASCII);
    }
}
