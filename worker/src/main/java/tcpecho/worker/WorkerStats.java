package tcpecho.worker;

import java.util.ArrayList;
import java.util.List;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.ListenerDrops;

/**
 * The counters a worker reports in every HEARTBEAT: totals over all its listeners (so the
 * per-listener rows add up to them; UDP datagrams count as accepted, never as open connections),
 * and each listener's own {@link ListenerStats}. Every count is made in a listener's counters; the
 * worker's accepted and byte totals are their sums, taken when a heartbeat asks, so a read or a
 * write updates one counter, not two. Only the open connections are kept here as well: accepting
 * checks them every loop turn. Plain fields, not atomics: only the event-loop thread touches them.
 */
final class WorkerStats {
    private final List<ListenerStats> listeners = new ArrayList<>();
    private long connections;

    /** A new listener's counters; they add to these totals. {@code datagrams}: a UDP listener. */
    ListenerStats listener(String name, boolean datagrams) {
        ListenerStats stats = new ListenerStats(name, datagrams, this);
        listeners.add(stats);
        return stats;
    }

    List<ListenerStats> listeners() {
        return listeners;
    }

    List<ListenerCounters> perListener() {
        List<ListenerCounters> all = new ArrayList<>(listeners.size());
        for (ListenerStats stats : listeners) {
            all.add(stats.snapshot());
        }
        return all;
    }

    List<ListenerDrops> perListenerDrops() {
        List<ListenerDrops> all = new ArrayList<>(listeners.size());
        for (ListenerStats stats : listeners) {
            all.add(stats.dropSnapshot());
        }
        return all;
    }

    void opened() {
        connections++;
    }

    void closed() {
        connections--;
    }

    long connections() {
        return connections;
    }

    long accepted() {
        long sum = 0;
        for (ListenerStats stats : listeners) {
            sum += stats.accepted();
        }
        return sum;
    }

    long bytesIn() {
        long sum = 0;
        for (ListenerStats stats : listeners) {
            sum += stats.bytesIn();
        }
        return sum;
    }

    long bytesOut() {
        long sum = 0;
        for (ListenerStats stats : listeners) {
            sum += stats.bytesOut();
        }
        return sum;
    }
}
