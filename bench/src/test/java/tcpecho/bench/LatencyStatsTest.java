package tcpecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {
    @Test
    void percentilesOfUniformMicroseconds() {
        LatencyStats stats = new LatencyStats();
        for (int us = 1; us <= 1000; us++) {
            stats.record(us * 1000L);
        }
        Map<String, Double> p = stats.summaryMicros();
        // Three significant digits: values are exact to within 0.1 %.
        assertEquals(500, p.get("p50"), 0.5);
        assertEquals(900, p.get("p90"), 0.9);
        assertEquals(990, p.get("p99"), 1.0);
        assertEquals(999, p.get("p99.9"), 1.0);
        assertEquals(1000, p.get("max"), 1.0);
        assertEquals(1000, stats.count());
    }

    @Test
    void mergedStatsCountBoth() {
        LatencyStats a = new LatencyStats();
        LatencyStats b = new LatencyStats();
        a.record(10_000);
        b.record(2_000_000);
        a.add(b);
        assertEquals(2, a.count());
        assertEquals(2000, a.summaryMicros().get("max"), 2);
    }

    @Test
    void outOfRangeValuesAreClampedNotThrown() {
        LatencyStats stats = new LatencyStats();
        stats.record(-5);
        stats.record(Long.MAX_VALUE);
        assertEquals(2, stats.count());
        assertEquals(0, stats.percentileMicros(50), "a negative time counts as 0");
        // One minute is the histogram's top; three significant digits: within 0.1 %.
        assertEquals(60_000_000, stats.summaryMicros().get("max"), 60_000);
    }
}
