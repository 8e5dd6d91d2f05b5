package tcpecho.master.supervisor;

import tcpecho.common.fault.Fault;
import tcpecho.common.wire.FaultRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.status.Status;
import tcpecho.common.wire.DropReason;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.ListenerDrops;
import tcpecho.config.Settings;
import tcpecho.master.net.ListenerSpec;

/** The {@code status} answer, built from the supervisor's state; the CLI prints it as JSON or as a table. */
final class StatusReport {

    private StatusReport() {
    }

    static Status of(long pid, long generation, long reloads, long failedReloads, Settings settings,
                     List<ListenerBinding> listeners, Workers workers, long uptimeNanos, long now) {
        return of(pid, generation, reloads, failedReloads, settings, listeners, workers, uptimeNanos, now, List.of());
    }

    static Status of(long pid, long generation, long reloads, long failedReloads, Settings settings,
                     List<ListenerBinding> listeners, Workers workers, long uptimeNanos, long now,
                     List<FaultRequest.Row> faults) {
        Status.Master master = new Status.Master(pid, generation, Duration.ofNanos(uptimeNanos).toSeconds(),
                settings.workers(), reloads, failedReloads, settings.controlSocket().toString(),
                Listeners.endpoints(listeners));
        List<Status.Worker> rows = new ArrayList<>();
        for (WorkerProcess worker : workers.all()) {
            rows.add(worker(worker, restartsOf(workers, worker), now));
        }
        List<Status.SlotDown> down = new ArrayList<>();
        for (Slot slot : workers.slots()) {
            if (slot.failed() || (slot.worker == null && slot.respawnAt >= 0)) {
                down.add(new Status.SlotDown(slot.number, slot.restarts,
                        slot.failed() ? Status.SlotDown.FAILED : Status.SlotDown.RESPAWNING,
                        slot.failed() ? slot.failure : "waiting for backoff"));
            }
        }
        return new Status(master, rows, down, listeners(listeners, workers.all()), faults(faults));
    }

    static List<Status.ActiveFault> faults(List<FaultRequest.Row> rows) {
        List<Status.ActiveFault> faults = new ArrayList<>();
        for (FaultRequest.Row row : rows) {
            Fault f = row.fault();
            faults.add(new Status.ActiveFault(row.listener(), f.name(), f.type().label(), f.stream().label(), row.origin(),
                    f.toxicity(), f.attributes()));
        }
        return faults;
    }

    /**
     * One entry per listener with its counters summed over every live worker, draining ones
     * included, as the worker rows are. A worker that does not report per-listener counters adds 0.
     */
    static List<Status.Listener> listeners(List<ListenerBinding> listeners, List<WorkerProcess> workers) {
        List<Status.Listener> list = new ArrayList<>();
        for (ListenerBinding binding : listeners) {
            ListenerSpec spec = binding.spec();
            ListenerCounters sum = CounterTotals.sum(spec.name(), workers);
            list.add(new Status.Listener(spec.name(), spec.protocol().label(), spec.transport(), spec.endpoint(),
                    sum.connections(), sum.accepted(), sum.bytesIn(), sum.bytesOut(),
                    dropped(CounterTotals.drops(spec.name(), workers), spec.transport())));
        }
        return list;
    }

    /** By reason; a UDP listener shows every reason, 0s included, so a reader sees what is checked. */
    private static Map<String, Long> dropped(ListenerDrops drops, String transport) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            if (transport.equals("udp") && !reason.refusesConnections() || drops.count(reason) > 0) {
                byReason.put(reason.label(), drops.count(reason));
            }
        }
        return byReason;
    }

    private static Status.Worker worker(WorkerProcess worker, int restarts, long now) {
        return new Status.Worker(worker.slot, worker.pid, worker.generation, worker.stateLabel(), worker.connections,
                worker.accepted, worker.bytesIn, worker.bytesOut, restarts,
                Duration.ofNanos(now - worker.lastHeartbeat).toMillis());
    }

    private static int restartsOf(Workers workers, WorkerProcess worker) {
        return workers.slots().stream().filter(s -> s.worker == worker).mapToInt(s -> s.restarts).findFirst().orElse(0);
    }
}
