package tcpecho.worker;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections idle past idle-timeout, checking all of them once per second from the event
 * loop. A scan of 10,000 keys is a few hundred microseconds; a timer per connection would instead
 * cost an object or a heap operation on every read, for a timeout that only needs to be coarse.
 * So a connection is closed between timeout and timeout + 1 s after its last byte.
 */
final class IdleSweeper implements Timed {
    /** A connection the sweep may close: it reports how long it has moved no bytes. */
    interface Sweepable {
        boolean isClosed();

        /** Idle time as of the sweep at {@code now}; activity since the previous sweep counts as at {@code now}. */
        long idleNanos(long now);

        void closeIdle(long idleMillis, boolean reset);
    }

    /**
     * A connection that tracks its own activity. Every read or write that moved bytes sets a flag;
     * the sweep turns it into {@code lastActive} once a second. A flag rather than a clock read
     * keeps System.nanoTime() off the data path.
     */
    abstract static class Tracked implements Sweepable {
        private boolean activeSinceScan;
        /** System.nanoTime() at the last sweep that saw activity (or at accept); what idle-timeout measures from. */
        private long lastActive = System.nanoTime();

        /** Bytes moved: the connection is not idle. */
        final void active() {
            activeSinceScan = true;
        }

        @Override
        public final long idleNanos(long now) {
            if (activeSinceScan) {
                activeSinceScan = false;
                lastActive = now;
            }
            return now - lastActive;
        }
    }

    static final long SCAN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Selector selector;
    private final long timeoutNanos;
    private final boolean reset;
    private long nextScan;

    /** @param timeoutMillis 0 turns the sweeper off */
    IdleSweeper(Selector selector, long timeoutMillis, boolean reset, long now) {
        this.selector = selector;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.reset = reset;
        this.nextScan = now + Math.min(SCAN_NANOS, Math.max(1, timeoutNanos));
    }

    @Override
    public long nanosUntilDue(long now) {
        return timeoutNanos == 0 ? Long.MAX_VALUE : Math.max(0, nextScan - now);
    }

    @Override
    public void runTimers(long now) {
        if (timeoutNanos == 0 || now - nextScan < 0) {
            return;
        }
        nextScan = now + SCAN_NANOS;
        // Collected first: closing cancels keys, which must not happen while iterating the key set.
        List<Sweepable> idle = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Sweepable c && !c.isClosed() && c.idleNanos(now) >= timeoutNanos) {
                idle.add(c);
            }
        }
        for (Sweepable c : idle) {
            // A proxied pair sits on two keys: closing it through the first leaves nothing for the second.
            if (!c.isClosed()) {
                c.closeIdle(TimeUnit.NANOSECONDS.toMillis(c.idleNanos(now)), reset);
            }
        }
    }
}
