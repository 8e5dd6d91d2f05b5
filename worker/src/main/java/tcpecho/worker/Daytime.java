package tcpecho.worker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The RFC 867 daytime line. RFC 867 leaves the format open; this is the HTTP date (RFC 9110
 * IMF-fixdate, RFC 1123 with a two-digit day) in UTC, e.g. {@code Sat, 21 Nov 2026 07:06:15 GMT},
 * then CRLF: readable, fixed width, and parsed by most date libraries as it is.
 */
final class Daytime {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Daytime() {
    }

    static byte[] line(Instant now) {
        return (FORMAT.format(now) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
