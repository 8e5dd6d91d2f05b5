package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "2m, 120000", "1h, 3600000", "10, 10000", "' 5 S ', 5000", "0, 0"})
    void parsesUnitsAndBareSeconds(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1s", "1.5s", "10d", "1m30s", "s", "ten", "99999999999999999h"})
    void rejectsAnythingElse(String text) {
        assertNull(Durations.parse(text));
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("2m", Durations.format(Duration.ofSeconds(120)));
        assertEquals("24h", Durations.format(Duration.ofHours(24)));
        assertEquals("-5s", Durations.format(Duration.ofSeconds(-5)));
    }
}
