package tcpecho.worker;

import java.util.ArrayDeque;

/**
 * Caps the unsent echo bytes held by all connections of a worker together.
 *
 * <p>Each connection already holds at most max-pending bytes, but the worker heap is 32 MiB
 * ({@code -Xmx32m}): 10,000 slow readers with 64 KiB each would need 640 MiB. So a connection
 * reads at most what is left of this budget; when nothing is left it parks (stops reading) until
 * another connection drains its backlog and gives bytes back.
 */
final class PendingBudget {
    private final long limit;
    private long used;
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();

    /** A connection waiting for budget; {@link #resume} makes it read again. */
    interface Parked {
        void resume();
    }

    PendingBudget(long limit) {
        this.limit = limit;
    }

    /** A quarter of the heap: leaves room for 10,000 idle connections' objects and the JDK itself. */
    static long defaultLimit(int maxPendingBytes) {
        return Math.max(maxPendingBytes, Runtime.getRuntime().maxMemory() / 4);
    }

    long available() {
        return limit - used;
    }

    void take(int bytes) {
        used += bytes;
    }

    void give(int bytes) {
        used -= bytes;
        // Resume everyone: each re-checks the budget on its next read and parks again if it is
        // gone, which is simpler than sharing it out here and costs one wasted wake-up at most.
        while (available() > 0 && !parked.isEmpty()) {
            parked.poll().resume();
        }
    }

    void park(Parked connection) {
        parked.add(connection);
    }

    long used() {
        return used;
    }
}
