package tcpecho.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Round-trip times in nanoseconds, and the percentiles a report shows, in microseconds. */
public final class LatencyStats {
    // One minute is far past any read timeout; 3 digits keep a histogram near 100 KiB.
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);

    public void record(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    }

    public void add(LatencyStats other) {
        histogram.add(other.histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** Microseconds at the given percentile (0-100). */
    public double percentileMicros(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** p50, p90, p99, p99.9 and max in microseconds, in that order. */
    public Map<String, Double> summaryMicros() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("p50", percentileMicros(50));
        out.put("p90", percentileMicros(90));
        out.put("p99", percentileMicros(99));
        out.put("p99.9", percentileMicros(99.9));
        out.put("max", histogram.getMaxValue() / 1000.0);
        return out;
    }
}
