package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import tcpecho.common.log.Log;

/**
 * The worker's one thread: {@code for (;;) { select; handle ready keys; housekeeping }}.
 * A failure in one handler closes that handler's channel; a failure of the loop itself is logged
 * and followed by a short pause, never by the loop ending.
 */
final class EventLoop {
    /** The time-driven half of the loop: timers, flags, when to stop. */
    interface Housekeeping {
        /** How long the loop may block in select; Long.MAX_VALUE means until something happens. */
        long nanosUntilDue(long now);

        void afterTurn(long now);

        boolean finished();
    }

    static final long BACKOFF_MILLIS = 100;

    private final Selector selector;

    EventLoop(Selector selector) {
        this.selector = selector;
    }

    void run(Housekeeping housekeeping) {
        while (!housekeeping.finished()) {
            try {
                long due = housekeeping.nanosUntilDue(System.nanoTime());
                // Due now (a connection holds input no socket event will announce): no wait at all.
                if (due == 0) {
                    selector.selectNow(EventLoop::dispatch);
                } else {
                    selector.select(EventLoop::dispatch, timeoutMillis(due));
                }
                housekeeping.afterTurn(System.nanoTime());
            } catch (IOException | RuntimeException e) {
                Log.get().error("event loop failed, pausing " + BACKOFF_MILLIS + " ms", e);
                backOff();
            }
            // One write per turn for however many lines the turn logged.
            Log.get().flush();
        }
    }

    /** Runs one ready key's handler; package-private so tests can drive a selector by hand. */
    static void dispatch(SelectionKey key) {
        ChannelHandler handler = (ChannelHandler) key.attachment();
        try {
            handler.handle(key);
        } catch (IOException e) {
            handler.close(Log.describe(e));
        } catch (RuntimeException e) {
            Log.get().error("closing a channel after an unexpected failure", e);
            handler.close(Log.describe(e));
        }
    }

    /** select(0) blocks forever, so a due timer must wait at least 1 ms. */
    static long timeoutMillis(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + TimeUnit.MILLISECONDS.toNanos(1) - 1));
    }

    private static void backOff() {
        try {
            Thread.sleep(BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
