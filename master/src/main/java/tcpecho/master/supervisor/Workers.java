package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tcpecho.common.log.Log;
import tcpecho.common.wire.Message;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.metrics.MetricsSnapshot;
import tcpecho.master.os.ExitStatus;

/**
 * Every live worker process and the slots of the serving generation. Only pids in {@link #all()}
 * are ever signalled, and a pid leaves it only when the {@link Reaper} has reaped it on this thread
 * ({@link #retire}), so the master cannot signal a pid the kernel has given to someone else.
 */
final class Workers {
    private final Log log = Log.get();
    private final List<Slot> slots = new ArrayList<>();
    private final List<WorkerProcess> live = new ArrayList<>();
    /** Keeps reaped workers' counts, so that totals never go down. */
    private final CounterTotals totals = new CounterTotals();

    List<Slot> slots() {
        return slots;
    }

    List<WorkerProcess> all() {
        return List.copyOf(live);
    }

    /** The workers filling the slots of the serving generation. */
    List<WorkerProcess> current() {
        return slots.stream().map(s -> s.worker).filter(w -> w != null).toList();
    }

    void resize(int count) {
        while (slots.size() < count) {
            slots.add(new Slot(slots.size() + 1));
        }
        while (slots.size() > count) {
            slots.remove(slots.size() - 1);
        }
    }

    void track(WorkerProcess worker) {
        live.add(worker);
        log.info(worker.name() + " spawned (generation " + worker.generation + ")");
    }

    void started(Slot slot, WorkerProcess worker) {
        slot.worker = worker;
        slot.respawnAt = -1;
        track(worker);
    }

    WorkerProcess byConnection(ControlConnection connection) {
        for (WorkerProcess worker : live) {
            if (worker.connection == connection) {
                return worker;
            }
        }
        return null;
    }

    /** The live worker with {@code pid}, or null. */
    WorkerProcess byPid(long pid) {
        return live.stream().filter(w -> w.pid == pid).findFirst().orElse(null);
    }

    /** Forgets a reaped worker: its counts go to the totals and its slot is empty. */
    WorkerExit retire(WorkerProcess worker, ExitStatus status) {
        live.remove(worker);
        totals.retire(worker);
        slots.stream().filter(s -> s.worker == worker).forEach(s -> s.worker = null);
        return new WorkerExit(worker, status);
    }

    /**
     * The new generation takes over the slots, keeping each slot's restart count. Backoff starts
     * afresh: a reload is how an operator fixes what made the old workers crash.
     */
    void adopt(Map<Integer, WorkerProcess> newWorkers, int count) {
        resize(count);
        for (Slot slot : slots) {
            slot.worker = newWorkers.get(slot.number);
            slot.respawnAt = -1;
            slot.failure = null;
            slot.backoff = new Backoff();
        }
    }

    /** Whether every slot of the serving generation holds a worker that reported READY. */
    boolean allServing() {
        return !slots.isEmpty() && slots.stream().allMatch(s -> s.worker != null && s.worker.state == WorkerProcess.State.READY);
    }

    boolean hasDraining() {
        return live.stream().anyMatch(w -> w.state == WorkerProcess.State.DRAINING);
    }

    boolean hasOlderGenerations(long generation) {
        return live.stream().anyMatch(w -> w.generation < generation);
    }

    /** Counters over every worker this master has had, live or reaped. */
    MetricsSnapshot.Totals totals() {
        return totals.server(live);
    }

    /** Per listener of {@code listeners}, counters over every worker this master has had, live or reaped. */
    List<MetricsSnapshot.Listener> listenerTotals(List<ListenerBinding> listeners) {
        return totals.snapshot(listeners, live);
    }

    void broadcast(Message message) {
        live.forEach(w -> w.send(message));
    }

    /** Slot {@code number} of the serving generation, or null when there is none (scaled down since). */
    Slot slotOf(int number) {
        return number >= 1 && number <= slots.size() ? slots.get(number - 1) : null;
    }
}
