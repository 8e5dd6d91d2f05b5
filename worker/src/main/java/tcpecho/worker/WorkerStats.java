package tcpecho.worker;

import java.util.ArrayList;
import java.util.List;
import tcpecho.common.wire.ListenerCounters;

/**
 * The counters a worker reports in every HEARTBEAT: totals over all its listeners (so the
 * per-listener rows add up to them; UDP datagrams count as accepted, never as open connections),
 * and each listener's own {@link ListenerStats}. Plain fields, not atomics: only the event-loop
 * thread touches them.
 */
final class WorkerStats {
    private final List<ListenerStats> listeners = new ArrayList<>();
    private long connections;
    private long accepted;
    private long bytesIn;
    private long bytesOut;

    /** A new listener's counters; they add to these totals. */
    ListenerStats listener(String name) {
        ListenerStats stats = new ListenerStats(name, this);
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

    void opened() {
        connections++;
        accepted++;
    }

    void datagram() {
        accepted++;
    }

    void closed() {
        connections--;
    }

    void received(long bytes) {
        bytesIn += bytes;
    }

    void sent(long bytes) {
        bytesOut += bytes;
    }

    long connections() {
        return connections;
    }

    long accepted() {
        return accepted;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }
}
