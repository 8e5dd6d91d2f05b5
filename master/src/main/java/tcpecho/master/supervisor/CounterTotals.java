package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.wire.DropReason;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.ListenerDrops;
import tcpecho.master.metrics.MetricsSnapshot;

/**
 * Counters since the master started, for the metrics: what reaped workers had counted (as of
 * their last heartbeat) plus what the live ones count now, so that they never go down when a
 * worker exits. Server-wide, and per listener. Listeners are keyed by name, which is all a
 * heartbeat carries: a listener renamed by a reload starts again from 0, one whose protocol
 * changes counts on.
 */
final class CounterTotals {
    private final Map<String, ListenerCounters> retired = new HashMap<>();
    private final Map<String, ListenerDrops> retiredDrops = new HashMap<>();
    private long retiredAccepted;
    private long retiredBytesIn;
    private long retiredBytesOut;

    /** Keeps a reaped worker's last reported counts. */
    void retire(WorkerProcess worker) {
        retiredAccepted += worker.accepted;
        retiredBytesIn += worker.bytesIn;
        retiredBytesOut += worker.bytesOut;
        for (ListenerCounters c : worker.listenerCounters.values()) {
            retired.merge(c.name(), new ListenerCounters(c.name(), 0, c.accepted(), c.bytesIn(), c.bytesOut()),
                    CounterTotals::plus);
        }
        for (ListenerDrops d : worker.listenerDrops.values()) {
            retiredDrops.merge(d.name(), d, ListenerDrops::plus);
        }
    }

    /** Counters over every worker this master has had: {@code live} ones and reaped ones. */
    MetricsSnapshot.Totals server(List<WorkerProcess> live) {
        long accepted = retiredAccepted;
        long in = retiredBytesIn;
        long out = retiredBytesOut;
        for (WorkerProcess worker : live) {
            accepted += worker.accepted;
            in += worker.bytesIn;
            out += worker.bytesOut;
        }
        return new MetricsSnapshot.Totals(accepted, in, out);
    }

    /**
     * One entry per listener served now, in their declared order. Open connections are the live
     * workers' (draining ones included); the counters add the reaped ones'.
     */
    List<MetricsSnapshot.Listener> snapshot(List<ListenerBinding> listeners, List<WorkerProcess> live) {
        List<MetricsSnapshot.Listener> all = new ArrayList<>(listeners.size());
        for (ListenerBinding binding : listeners) {
            String name = binding.spec().name();
            ListenerCounters sum = sum(name, live);
            ListenerCounters reaped = retired.get(name);
            if (reaped != null) {
                sum = plus(reaped, sum);
            }
            ListenerDrops drops = drops(name, live);
            ListenerDrops reapedDrops = retiredDrops.get(name);
            if (reapedDrops != null) {
                drops = drops.plus(reapedDrops);
            }
            all.add(new MetricsSnapshot.Listener(name, binding.spec().protocol().label(), sum.connections(), sum.accepted(),
                    sum.bytesIn(), sum.bytesOut(), byLabel(drops)));
        }
        return all;
    }

    /** Listener {@code name}'s counters summed over {@code workers}; a worker that reports none adds 0. */
    static ListenerCounters sum(String name, List<WorkerProcess> workers) {
        ListenerCounters sum = new ListenerCounters(name, 0, 0, 0, 0);
        for (WorkerProcess worker : workers) {
            ListenerCounters c = worker.listenerCounters.get(name);
            if (c != null) {
                sum = plus(sum, c);
            }
        }
        return sum;
    }

    /** Listener {@code name}'s drops summed over {@code workers}. */
    static ListenerDrops drops(String name, List<WorkerProcess> workers) {
        ListenerDrops sum = new ListenerDrops(name, Map.of());
        for (WorkerProcess worker : workers) {
            ListenerDrops d = worker.listenerDrops.get(name);
            if (d != null) {
                sum = sum.plus(d);
            }
        }
        return sum;
    }

    /** {@code loop-port -> 3, ...} in {@link DropReason} order; reasons never seen are left out. */
    static Map<String, Long> byLabel(ListenerDrops drops) {
        Map<String, Long> labelled = new java.util.LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            if (drops.count(reason) > 0) {
                labelled.put(reason.label(), drops.count(reason));
            }
        }
        return labelled;
    }

    private static ListenerCounters plus(ListenerCounters a, ListenerCounters b) {
        return new ListenerCounters(a.name(), a.connections() + b.connections(), a.accepted() + b.accepted(),
                a.bytesIn() + b.bytesIn(), a.bytesOut() + b.bytesOut());
    }
}
