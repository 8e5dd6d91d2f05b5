package tcpecho.master.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One complete HTTP/1.1 response, head and body, ready to write; every one ends the connection. */
record HttpResponse(int status, byte[] bytes) {
    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 400, "Bad Request", 404, "Not Found",
            405, "Method Not Allowed", 431, "Request Header Fields Too Large", 503, "Service Unavailable",
            505, "HTTP Version Not Supported");

    /** {@code head}: HEAD's answer, the same head (Content-Length included) without the body. */
    static HttpResponse of(int status, String type, String body, boolean head, String... extraHeaders) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ')
                .append(REASONS.getOrDefault(status, "Error")).append("\r\n")
                .append("Content-Type: ").append(type).append("\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n")
                .append("Connection: close\r\n");
        for (String header : extraHeaders) {
            text.append(header).append("\r\n");
        }
        byte[] start = text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return new HttpResponse(status, start);
        }
        byte[] all = new byte[start.length + content.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(content, 0, all, start.length, content.length);
        return new HttpResponse(status, all);
    }
}
