package tcpecho.master.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the head of one HTTP/1.x request as its bytes arrive, into a buffer of a fixed size. Only
 * the request line matters to the metrics endpoint; headers are scanned for their end (the blank
 * line) and not kept apart. The connection closes after one response, so neither keep-alive nor a
 * body has to be understood. Each byte is scanned once, so a client that sends its head one byte at
 * a time costs as little as one that sends it at once.
 */
final class RequestHead {
    static final int BAD_REQUEST = 400;
    static final int HEADERS_TOO_LARGE = 431;
    static final int VERSION_NOT_SUPPORTED = 505;

    /** The outcome: {@code status} 0 for a well-formed request line, else the error status to answer. */
    record Parsed(int status, String method, String path) {
        static Parsed error(int status) {
            return new Parsed(status, "", "");
        }
    }

    private final ByteBuffer buffer;
    private int scanned;
    private int lineEnd = -1;
    private Parsed line;

    RequestHead(int maxBytes) {
        buffer = ByteBuffer.allocate(maxBytes);
    }

    /** Where the next read goes; no room left means the head is too large. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** After a read: null while more is needed, else the request or the error to answer. */
    Parsed advance() {
        byte[] bytes = buffer.array();
        int length = buffer.position();
        for (; scanned < length; scanned++) {
            if (bytes[scanned] != '\n') {
                continue;
            }
            if (lineEnd < 0) {
                lineEnd = scanned;
                line = requestLine(new String(bytes, 0, lineEnd, StandardCharsets.ISO_8859_1));
                if (line.status != 0) {
                    return line;
                }
            } else if (bytes[scanned - 1] == '\n' || bytes[scanned - 1] == '\r' && bytes[scanned - 2] == '\n') {
                return line;
            }
        }
        return buffer.hasRemaining() ? null : Parsed.error(HEADERS_TOO_LARGE);
    }

    private static Parsed requestLine(String text) {
        String[] parts = (text.endsWith("\r") ? text.substring(0, text.length() - 1) : text).split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || !parts[1].startsWith("/") || !parts[2].startsWith("HTTP/")) {
            return Parsed.error(BAD_REQUEST);
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            return Parsed.error(VERSION_NOT_SUPPORTED);
        }
        int query = parts[1].indexOf('?');
        return new Parsed(0, parts[0], query < 0 ? parts[1] : parts[1].substring(0, query));
    }

    private static boolean isToken(String method) {
        if (method.isEmpty()) {
            return false;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
