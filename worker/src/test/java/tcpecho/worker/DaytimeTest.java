package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class DaytimeTest {

    @Test
    void isTheHttpDateInUtcThenCrlf() {
        Instant at = Instant.parse("2026-11-01T07:06:05.999Z");
        assertEquals("Sun, 01 Nov 2026 07:06:05 GMT\r\n", new String(Daytime.line(at), StandardCharsets.US_ASCII));
    }

    @Test
    void parsesBackAsRfc1123() {
        Instant at = Instant.parse("2026-02-28T23:59:59Z");
        String line = new String(Daytime.line(at), StandardCharsets.US_ASCII).trim();
        assertEquals(at, ZonedDateTime.parse(line, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    }
}
