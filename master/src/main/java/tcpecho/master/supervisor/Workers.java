package tcpecho.master.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.log.Log;
import tcpecho.common.wire.Quit;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.Hello;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.metrics.MetricsSnapshot;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;
import tcpecho.master.os.Signals;

/**
 * Every live worker process and the slots of the serving generation. Only pids in {@link #live}
 * are ever signalled, and a pid leaves it only when this thread reaps it, so the master cannot
 * signal a pid the kernel has given to someone else.
 */
final class Workers {
    private final Posix posix;
    private final LongSupplier clock;
    private final Log log = Log.get();
    private final List<Slot> slots = new ArrayList<>();
    private final List<WorkerProcess> live = new ArrayList<>();
    /** Keeps reaped workers' counts, so that totals never go down. */
    private final CounterTotals totals = new CounterTotals();

    record Exit(WorkerProcess worker, ExitStatus status) {
    }

    Workers(Posix posix, LongSupplier clock) {
        this.posix = posix;
        this.clock = clock;
    }

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

    /** Binds a HELLO to the worker we spawned with that pid; anyone else is refused. */
    void identify(ControlConnection connection, Message message) {
        Hello hello;
        try {
            hello = Hello.decode(message);
        } catch (MalformedMessageException malformed) {
            // Same reply as any line the codec cannot read: the control protocol's one answer to malformed input.
            refuse(connection, "refused HELLO: " + malformed.getMessage(), "malformed message: " + malformed.getMessage());
            return;
        }
        for (WorkerProcess worker : live) {
            if (worker.pid == hello.pid() && worker.connection == null && worker.generation == hello.generation()) {
                worker.connection = connection;
                connection.setPeer(worker.name());
                return;
            }
        }
        refuse(connection, "refused HELLO from pid " + hello.pid() + ": not a worker this master started",
                "unknown worker pid " + hello.pid());
    }

    private void refuse(ControlConnection connection, String logLine, String reply) {
        log.warn(logLine);
        connection.send(new ErrorReply(reply).encode());
        connection.closeAfterFlush();
    }

    /**
     * A malformed heartbeat still shows that the worker's loop runs, so it keeps the worker from
     * looking hung; its counters stay as the last good one left them.
     */
    void heartbeat(WorkerProcess worker, Message message, long now) {
        try {
            worker.recordHeartbeat(Heartbeat.decode(message), now);
        } catch (MalformedMessageException malformed) {
            worker.lastHeartbeat = now;
            log.debug(worker.name() + " sent a malformed heartbeat: " + malformed.getMessage());
        }
    }

    void disconnected(ControlConnection connection) {
        WorkerProcess worker = byConnection(connection);
        if (worker != null) {
            worker.connection = null;
            log.debug(worker.name() + " closed its control connection");
        }
    }

    void ready(WorkerProcess worker, long now) {
        if (worker.state == WorkerProcess.State.STARTING) {
            worker.state = WorkerProcess.State.READY;
            worker.readyAt = now;
            worker.lastHeartbeat = now;
            log.info(worker.name() + " ready (generation " + worker.generation + ", started in "
                    + Duration.ofNanos(now - worker.spawnedAt).toMillis() + " ms)");
        }
    }

    /**
     * Reaps every worker that has exited; with {@code orphansToo} (the master is PID 1, in a
     * container) also every other child, so that processes re-parented to it do not stay zombies.
     */
    List<Exit> reap(boolean orphansToo) {
        List<Exit> exits = new ArrayList<>();
        for (WorkerProcess worker : List.copyOf(live)) {
            ExitStatus status;
            try {
                status = posix.reap(worker.pid);
            } catch (NativeException failed) {
                // Not our child any more (ECHILD): treat it as gone, so its slot is refilled.
                log.error(failed.getMessage() + " - treating " + worker.name() + " as exited");
                status = ExitStatus.unknown();
            }
            if (status != null) {
                exits.add(retire(worker, status));
            }
        }
        if (orphansToo) {
            reapOrphans(exits);
        }
        return exits;
    }

    private void reapOrphans(List<Exit> exits) {
        try {
            for (Posix.Reaped child = posix.reapAny(); child != null; child = posix.reapAny()) {
                long pid = child.pid();
                WorkerProcess worker = live.stream().filter(w -> w.pid == pid).findFirst().orElse(null);
                if (worker != null) {
                    // exited after its own waitpid above: the same exit, collected here
                    exits.add(retire(worker, child.status()));
                } else {
                    log.info("reaped pid " + pid + " (" + child.status() + "), a process re-parented to the master"
                            + " as PID 1");
                }
            }
        } catch (NativeException failed) {
            log.error(failed.getMessage());
        }
    }

    private Exit retire(WorkerProcess worker, ExitStatus status) {
        live.remove(worker);
        totals.retire(worker);
        slots.stream().filter(s -> s.worker == worker).forEach(s -> s.worker = null);
        return new Exit(worker, status);
    }

    /** Kills workers past their kill deadline, hung (no heartbeat) or never ready. */
    void enforceDeadlines(long now, Duration workerTimeout, Duration readyTimeout) {
        for (WorkerProcess worker : live) {
            if (now >= worker.killAt) {
                worker.killAt = Long.MAX_VALUE;
                kill(worker, Signals.SIGKILL, "did not exit in time");
            } else if (worker.state == WorkerProcess.State.READY && now - worker.lastHeartbeat > workerTimeout.toNanos()) {
                worker.state = WorkerProcess.State.STOPPING;
                kill(worker, Signals.SIGKILL, "sent no heartbeat for " + workerTimeout.toSeconds() + " s (hung)");
            } else if (worker.state == WorkerProcess.State.STARTING && now - worker.spawnedAt > readyTimeout.toNanos()) {
                worker.state = WorkerProcess.State.STOPPING;
                kill(worker, Signals.SIGKILL, "was not ready within " + readyTimeout.toSeconds() + " s");
            }
        }
    }

    /** Decides what follows the death of a serving worker: respawn now, later, or never. */
    void scheduleRespawn(WorkerProcess worker, ExitStatus status, long now) {
        Slot slot = slotOf(worker.slot);
        if (slot == null) {
            return;
        }
        if (!status.bySignal() && status.code() == ExitCodes.FATAL_CONFIG) {
            slot.failure = "exited with " + status + ", a fatal error: not respawning";
            log.error(worker.name() + " " + slot.failure);
            return;
        }
        Duration delay = slot.backoff.afterExit(Duration.ofNanos(now - worker.spawnedAt));
        if (slot.backoff.exhausted()) {
            slot.failure = "crash loop: " + slot.backoff.quickDeaths() + " quick exits in a row, last with " + status
                    + ": not respawning";
            log.error(worker.name() + " " + slot.failure);
            return;
        }
        slot.respawnAt = now + delay.toNanos();
        log.warn(worker.name() + " exited with " + status + " - respawning in " + delay.toMillis() + " ms");
    }

    void respawnDue(long now, Consumer<Slot> spawn) {
        for (Slot slot : slots) {
            if (slot.worker == null && !slot.failed() && slot.respawnAt >= 0 && now >= slot.respawnAt) {
                slot.restarts++;
                slot.respawnAt = -1;
                spawn.accept(slot);
            }
        }
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

    /** Asks workers to stop accepting and finish their connections within {@code timeoutMillis}. */
    void drain(Collection<WorkerProcess> toDrain, long timeoutMillis, long killAt) {
        for (WorkerProcess worker : toDrain) {
            if (worker.state == WorkerProcess.State.DRAINING || worker.state == WorkerProcess.State.STOPPING) {
                worker.killAt = Math.min(worker.killAt, killAt);
                continue;
            }
            worker.state = WorkerProcess.State.DRAINING;
            worker.killAt = killAt;
            if (!worker.send(new Quit(timeoutMillis).encode())) {
                kill(worker, Signals.SIGTERM, "has no control connection yet");
            }
        }
    }

    /** Stops workers now: their open connections are closed. */
    void terminate(Collection<WorkerProcess> toStop, long killAt) {
        for (WorkerProcess worker : toStop) {
            worker.state = WorkerProcess.State.STOPPING;
            worker.killAt = Math.min(worker.killAt, killAt);
            if (!worker.send(Message.of(Verb.TERMINATE))) {
                kill(worker, Signals.SIGKILL, "has no control connection to be told to stop");
            }
        }
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

    private Slot slotOf(int number) {
        return number >= 1 && number <= slots.size() ? slots.get(number - 1) : null;
    }

    private void kill(WorkerProcess worker, int signal, String why) {
        log.warn(worker.name() + " " + why + " - sending " + Signals.name(signal));
        try {
            posix.kill(worker.pid, signal);
        } catch (NativeException failed) {
            log.error(failed.getMessage());
        }
    }
}
