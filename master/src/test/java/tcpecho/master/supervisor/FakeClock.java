package tcpecho.master.supervisor;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when the test says so. */
final class FakeClock implements LongSupplier {
    private long now = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    long advance(Duration by) {
        now += by.toNanos();
        return now;
    }
}
