package tcpecho.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cached-per-second timestamp must print exactly what Instant.toString prints. */
class LogTimestampTest {

    @Test
    void matchesInstantToStringForEveryFractionShape() {
        long second = Instant.parse("2026-11-21T06:10:00Z").getEpochSecond();
        int[] nanos = {0, 1, 7, 1_000, 120_000, 999_999_999, 5_000_000, 123_000_000, 100_000_000, 123_456_000, 123_456_789};
        for (long s : new long[] {second, second + 1, second + 86_399, 0}) {
            for (int n : nanos) {
                Instant instant = Instant.ofEpochSecond(s, n);
                assertEquals(instant.toString(), Log.timestamp(instant), instant::toString);
            }
        }
    }
}
