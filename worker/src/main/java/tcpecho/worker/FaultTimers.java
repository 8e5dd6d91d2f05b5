package tcpecho.worker;

import java.util.PriorityQueue;

/**
 * The wake-ups of every fault of a worker (a delayed chunk falling due, a slice's pause ending, a
 * timeout), run by the event loop's housekeeping: no thread sleeps. A cancelled wake-up (its
 * connection closed) stays in the heap until the heap is compacted, which happens once cancelled
 * entries are the majority: the heap holds at most about twice the live ones.
 */
final class FaultTimers implements Timed {
    /** Something a fault wakes at a time. */
    interface Wakeable {
        void wake(long now);
    }

    /** A scheduled wake-up; {@link #cancel} it when its owner goes away. */
    static final class Entry {
        final long at;
        final Wakeable target;
        private boolean cancelled;

        private Entry(long at, Wakeable target) {
            this.at = at;
            this.target = target;
        }
    }

    private static final int COMPACT_MIN = 64;

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at - b.at, 0));
    private int cancelled;

    Entry schedule(long at, Wakeable target) {
        Entry entry = new Entry(at, target);
        queue.add(entry);
        return entry;
    }

    void cancel(Entry entry) {
        if (entry == null || entry.cancelled) {
            return;
        }
        entry.cancelled = true;
        cancelled++;
        if (cancelled > COMPACT_MIN && cancelled > queue.size() / 2) {
            queue.removeIf(e -> e.cancelled);
            cancelled = 0;
        }
    }

    /** Wake-ups held, cancelled ones included: what a leak would make grow. */
    int size() {
        return queue.size();
    }

    @Override
    public long nanosUntilDue(long now) {
        Entry first = queue.peek();
        return first == null ? Long.MAX_VALUE : Math.max(0, first.at - now);
    }

    @Override
    public void runTimers(long now) {
        for (Entry first = queue.peek(); first != null && now - first.at >= 0; first = queue.peek()) {
            queue.poll();
            if (first.cancelled) {
                cancelled--;
            } else {
                first.cancelled = true;
                first.target.wake(now);
            }
        }
    }
}
