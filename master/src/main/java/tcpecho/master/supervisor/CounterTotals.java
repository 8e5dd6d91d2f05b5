package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.wire.ListenerCounters;
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
            all.add(new MetricsSnapshot.Listener(name, binding.spec().protocol(), sum.connections(), sum.accepted(),
                    sum.bytesIn(), sum.bytesOut()));
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

    private static ListenerCounters plus(ListenerCounters a, ListenerCounters b) {
        return new ListenerCounters(a.name(), a.connections() + b.connections(), a.accepted() + b.accepted(),
                a.bytesIn() + b.bytesIn(), a.bytesOut() + b.bytesOut());
    }
}
