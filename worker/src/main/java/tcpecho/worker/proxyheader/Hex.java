package tcpecho.worker.proxyheader;

/** Shows a few bytes a peer sent in a log line: printable ASCII as is, the rest as \xNN, bounded. */
final class Hex {
    /** A log line shows at most this many of the bytes. */
    static final int SHOWN = 24;

    private Hex() {
    }

    static String quote(byte[] bytes, int length) {
        return quote(bytes, length, SHOWN);
    }

    static String quote(byte[] bytes, int length, int shown) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(length, shown); i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return out.append(length > shown ? "\"..." : "\"").toString();
    }
}
