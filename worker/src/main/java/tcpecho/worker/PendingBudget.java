package tcpecho.worker;

/**
 * Caps the unsent bytes held by all connections of a worker together.
 *
 * <p>Each connection already holds at most max-unsent bytes, but the worker heap is 32 MiB
 * ({@code -Xmx32m}): 10,000 slow readers with 64 KiB each would need 640 MiB. So while the budget
 * lasts a connection reads up to max-unsent at a time; once it is used up, reads shrink to
 * {@link #RESERVE_READ_BYTES}.
 *
 * <p>Why not stop reading instead: the budget is held by clients that do not read their echo, and
 * a worker that parked everyone else until one of those read would let 150 of them starve every
 * well-behaved client (HostileMixIT found exactly that). A client that reads its echo takes no
 * budget, since its bytes go straight back out; the small reads only bound what a new non-reader
 * can add once the budget is gone: 1 KiB each, 10 MiB at 10,000 connections.
 */
final class PendingBudget {
    static final int RESERVE_READ_BYTES = 1024;

    private final long limit;
    private long used;

    PendingBudget(long limit) {
        this.limit = limit;
    }

    /** A quarter of the heap: leaves room for 10,000 idle connections' objects and the JDK itself. */
    static long defaultLimit(int maxUnsentBytes) {
        return limitFor(maxUnsentBytes, Runtime.getRuntime().maxMemory());
    }

    static long limitFor(int maxUnsentBytes, long maxHeapBytes) {
        return Math.max(maxUnsentBytes, maxHeapBytes / 4);
    }

    long available() {
        return limit - used;
    }

    /** How many bytes a connection with nothing pending may read now; at most {@code maxUnsentBytes}. */
    int readLimit(int maxUnsentBytes) {
        return (int) Math.min(maxUnsentBytes, Math.max(RESERVE_READ_BYTES, available()));
    }

    void take(int bytes) {
        used += bytes;
    }

    void give(int bytes) {
        used -= bytes;
    }

    long used() {
        return used;
    }
}
