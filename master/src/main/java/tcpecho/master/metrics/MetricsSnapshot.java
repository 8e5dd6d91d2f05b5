package tcpecho.master.metrics;

import tcpecho.common.status.Status;
import java.util.List;
import java.util.Map;

/**
 * What the master knew at one moment, for the HTTP thread to render. Immutable: the supervisor
 * thread builds a new one and publishes it; the HTTP thread never sees supervisor state.
 *
 * @param takenAt     {@code clock} time of the snapshot; heartbeat ages are computed from it
 * @param totals      counters over every worker since the master started, exited ones included
 * @param listeners   per listener served now, counters as {@code totals}
 */
public record MetricsSnapshot(
        String version,
        String commit,
        double startTimeSeconds,
        long generation,
        long reloads,
        long failedReloads,
        int workersWanted,
        long takenAt,
        List<Worker> workers,
        List<SlotRestarts> restarts,
        Totals totals,
        List<Listener> listeners,
        List<Status.ActiveFault> faults) {

    public MetricsSnapshot {
        workers = List.copyOf(workers);
        restarts = List.copyOf(restarts);
        listeners = List.copyOf(listeners);
        faults = List.copyOf(faults);
    }

    /** Without faults. */
    public MetricsSnapshot(String version, String commit, double startTimeSeconds, long generation, long reloads,
                           long failedReloads, int workersWanted, long takenAt, List<Worker> workers,
                           List<SlotRestarts> restarts, Totals totals, List<Listener> listeners) {
        this(version, commit, startTimeSeconds, generation, reloads, failedReloads, workersWanted, takenAt, workers,
                restarts, totals, listeners, List.of());
    }

    /** One live worker process, from its last heartbeat. {@code residentBytes} is -1 when unknown. */
    public record Worker(int slot, long pid, long generation, String state, long connections, long accepted,
                         long receivedBytes, long sentBytes, long lastHeartbeat, long residentBytes) {
    }

    public record SlotRestarts(int slot, long restarts) {
    }

    public record Totals(long accepted, long receivedBytes, long sentBytes) {
    }

    /**
     * One listener: open connections of the live workers; the rest since the master started.
     * {@code dropped}: datagrams dropped by reason label ({@code loop-port}, ...), reasons never seen left out.
     */
    public record Listener(String name, String protocol, long connections, long accepted, long receivedBytes,
                           long sentBytes, Map<String, Long> dropped) {
        public Listener {
            dropped = Map.copyOf(dropped);
        }

        /** Without drops. */
        public Listener(String name, String protocol, long connections, long accepted, long receivedBytes,
                        long sentBytes) {
            this(name, protocol, connections, accepted, receivedBytes, sentBytes, Map.of());
        }
    }
}
