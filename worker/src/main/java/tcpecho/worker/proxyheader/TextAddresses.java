package tcpecho.worker.proxyheader;

/**
 * The address and port fields of a version 1 line, parsed as strictly as the spec writes them:
 * IPv4 as four decimal numbers 0-255 without leading zeros, IPv6 as up to eight groups of 1-4 hex
 * digits with at most one {@code ::} (and, as inet_pton and HAProxy's own sender allow, an IPv4
 * tail such as {@code ::ffff:192.0.2.1}), ports 0-65535 without leading zeros. Never a host name:
 * InetAddress.getByName would resolve one, blocking the event loop on DNS.
 */
final class TextAddresses {
    private TextAddresses() {
    }

    /** The 4 bytes of {@code text}, or null if it is not a canonical dotted quad. */
    static byte[] ipv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) != '.') {
                continue;
            }
            int value = decimal(text, start, i, 255);
            if (value < 0 || part == 4) {
                return null;
            }
            out[part++] = (byte) value;
            start = i + 1;
        }
        return part == 4 ? out : null;
    }

    /** The 16 bytes of {@code text}, or null if it is not an IPv6 address. */
    static byte[] ipv6(String text) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = text.length();
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) {
                return expand(groups, 0, 0);
            }
        } else if (text.startsWith(":")) {
            return null;
        }
        while (i < n) {
            int end = i;
            while (end < n && text.charAt(end) != ':') {
                end++;
            }
            String group = text.substring(i, end);
            if (group.indexOf('.') >= 0) {
                // An IPv4 tail: only last, and it fills two groups.
                byte[] v4 = end == n && count <= 6 ? ipv4(group) : null;
                if (v4 == null) {
                    return null;
                }
                groups[count++] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
                groups[count++] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
                i = n;
                break;
            }
            int value = hex(group);
            if (value < 0 || count == 8) {
                return null;
            }
            groups[count++] = value;
            if (end == n) {
                i = n;
                break;
            }
            if (end + 1 < n && text.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i = end + 2;
            } else if (end + 1 == n) {
                return null;
            } else {
                i = end + 1;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        return expand(groups, count, gap < 0 ? count : gap);
    }

    /** Port 0-65535 in decimal without leading zeros, or -1. */
    static int port(String text) {
        return decimal(text, 0, text.length(), 65535);
    }

    private static byte[] expand(int[] groups, int count, int gap) {
        byte[] out = new byte[16];
        int zeros = 8 - count;
        for (int g = 0, slot = 0; g < count; g++, slot++) {
            if (g == gap) {
                slot += zeros;
            }
            out[2 * slot] = (byte) (groups[g] >> 8);
            out[2 * slot + 1] = (byte) groups[g];
        }
        return out;
    }

    private static int hex(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < group.length(); i++) {
            int digit = Character.digit(group.charAt(i), 16);
            if (digit < 0 || group.charAt(i) > 'f') {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The decimal number in text[start, end), at most {@code max}, without leading zeros; else -1. */
    private static int decimal(String text, int start, int end, int max) {
        int length = end - start;
        if (length < 1 || length > 5 || length > 1 && text.charAt(start) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
