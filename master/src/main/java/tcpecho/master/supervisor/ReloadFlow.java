package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import tcpecho.common.log.Log;
import tcpecho.common.log.Plural;
import tcpecho.common.wire.Serving;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.ConfigException;
import tcpecho.config.Keys;
import tcpecho.config.Settings;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.net.ListenException;

/**
 * The reload transaction (SIGHUP, {@code reload}, and scaling, which is a reload with a new worker
 * count): load the config, start the next generation beside the serving one, and commit only when
 * every new worker is READY; otherwise kill the new ones and keep the old generation serving.
 * Called only from the supervisor thread, which decides first whether a reload may be queued.
 */
final class ReloadFlow {
    private final ConfigSource config;
    private final Spawner spawner;
    private final Workers workers;
    private final WorkerShutdown shutdown;
    private final Listeners listeners;
    private final ServingGeneration serving;
    private final ServiceNotices notices;
    private final LogAndMetrics outputs;
    private final LongSupplier clock;
    private final Log log = Log.get();
    private Reload reload;
    private final List<ControlConnection> waiters = new ArrayList<>();
    private boolean queued;
    private Integer workersOverride;
    private long reloads;
    private long failedReloads;

    ReloadFlow(ConfigSource config, Spawner spawner, Workers workers, WorkerShutdown shutdown, Listeners listeners,
            ServingGeneration serving, ServiceNotices notices, LogAndMetrics outputs, LongSupplier clock) {
        this.config = config;
        this.spawner = spawner;
        this.workers = workers;
        this.shutdown = shutdown;
        this.listeners = listeners;
        this.serving = serving;
        this.notices = notices;
        this.outputs = outputs;
        this.clock = clock;
    }

    long reloads() {
        return reloads;
    }

    long failedReloads() {
        return failedReloads;
    }

    /** A reload is queued or starting its generation. */
    boolean inProgress() {
        return reload != null || queued;
    }

    /** A new generation is starting (not merely queued). */
    boolean generationStarting() {
        return reload != null;
    }

    /**
     * SIGTTIN / SIGTTOU and {@code scale N|+N|-N}: sets the worker count for the reload that
     * follows, so scaling down drains the removed workers exactly like a reload does. The count
     * then sticks across later reloads, as a flag would. False (and the requester told why) for a
     * count out of range, and for a count that is already served with no reload under way: that
     * needs no new generation, and the requester is told so at once.
     */
    boolean scale(ControlConnection requester, String change) {
        int base = workersOverride != null ? workersOverride : serving.settings().workers();
        Integer target = WorkerCount.apply(base, change);
        if (target == null) {
            String reason = "scale: worker count must be N, +N or -N giving 1.." + WorkerCount.MAX + " (got '" + change
                    + "' with " + Plural.count(base, "worker") + ")";
            log.warn(reason);
            if (requester != null) {
                requester.send(new ErrorReply(reason).encode());
            }
            return false;
        }
        if (target == base && !inProgress()) {
            log.info("scale " + change.trim() + ": already " + Plural.count(base, "worker") + ", nothing to do");
            if (requester != null) {
                requester.send(new Serving(serving.number(), base, true).encode());
            }
            return false;
        }
        log.info("scaling from " + base + " to " + Plural.count(target, "worker"));
        workersOverride = target;
        return true;
    }

    /** Queues a reload; {@code requester} (null for a signal) hears how it ended. */
    void queue(ControlConnection requester) {
        if (requester != null) {
            waiters.add(requester);
        }
        queued = true;
    }

    /** Starts a queued reload once no older generation is still draining (at most two at once). */
    void advance(long now) {
        if (reload == null && queued && !workers.hasDraining()) {
            queued = false;
            begin(now);
        }
        if (reload == null) {
            return;
        }
        if (reload.allReady()) {
            commit();
        } else if (now > reload.deadline) {
            fail("new workers were not ready within " + reload.settings.readyTimeout().toSeconds() + " s");
        }
    }

    /** A worker of the generation being started died before READY: the whole reload fails. False if it was not one. */
    boolean failIfStarting(WorkerExit exit) {
        WorkerProcess worker = exit.worker();
        if (reload == null || reload.starting.get(worker.slot) != worker) {
            return false;
        }
        fail(worker.name() + " of generation " + reload.generation + " exited with " + exit.status()
                + " before it was ready");
        return true;
    }

    /** The master stops: a reload in flight fails, and whoever waits for a queued one is told no. */
    void abortForStop() {
        if (reload != null) {
            fail("the master is stopping");
        }
        waiters.forEach(r -> r.send(new ErrorReply("the master is stopping").encode()));
        waiters.clear();
    }

    private void begin(long now) {
        List<ControlConnection> requesters = new ArrayList<>(waiters);
        waiters.clear();
        long generation = serving.number();
        notices.reloading(clock.getAsLong(), generation + 1);
        Settings next;
        try {
            next = config.load(workersOverride == null ? Map.of() : Map.of(Keys.WORKERS, workersOverride.toString()));
        } catch (ConfigException invalid) {
            rejected("reload rejected", "invalid config: " + invalid.getMessage(), invalid.getMessage(), requesters);
            return;
        }
        try {
            reload = new Reload(next, generation + 1, listeners.prepare(next, next.workers()),
                    now + next.readyTimeout().toNanos());
        } catch (ListenException failed) {
            rejected("reload failed", failed.getMessage(), failed.getMessage(), requesters);
            return;
        }
        reload.requesters.addAll(requesters);
        log.info("reloading: starting generation " + reload.generation + " with " + Plural.count(next.workers(), "worker") + "; "
                + listeners.changes(reload.listeners));
        startNewGeneration();
    }

    /**
     * The reload ended before any worker was spawned (a bad config, a socket that cannot bind), so
     * there is nothing to undo. {@code reason} is what systemd and the requesters read.
     */
    private void rejected(String what, String reason, String detail, List<ControlConnection> requesters) {
        failedReloads++;
        log.error(what + ", generation " + serving.number() + " keeps serving: " + detail);
        notices.reloadFailed(reason, serving.number());
        requesters.forEach(r -> r.send(new ErrorReply(reason).encode()));
    }

    private void startNewGeneration() {
        int count = reload.settings.workers();
        for (int number = 1; number <= count; number++) {
            int slotNumber = number;
            try {
                long pid = spawner.spawn(slotNumber, count, reload.listeners, reload.settings, reload.generation);
                WorkerProcess worker = new WorkerProcess(slotNumber, reload.generation, pid, clock.getAsLong());
                reload.starting.put(slotNumber, worker);
                workers.track(worker);
            } catch (Exception failed) {
                fail("cannot spawn worker[" + slotNumber + "]: " + failed.getMessage());
                return;
            }
        }
    }

    private void commit() {
        Reload done = reload;
        reload = null;
        long drainMillis = done.settings.drainTimeout().toMillis();
        shutdown.drain(workers.current(), drainMillis,
                clock.getAsLong() + done.settings.drainTimeout().plus(WorkerProcess.KILL_GRACE).toNanos());
        workers.adopt(done.starting, done.settings.workers());
        listeners.activate(done.listeners);
        Settings previous = serving.settings();
        serving.replace(done.settings, done.generation);
        reloads++;
        outputs.apply(previous, done.settings);
        long generation = done.generation;
        int count = done.settings.workers();
        log.info("reload complete: generation " + generation + " serving, the previous generation drains for up to "
                + done.settings.drainTimeout().toSeconds() + " s");
        if (done.settings.loopGuardWarning() != null) {
            log.warn(done.settings.loopGuardWarning());
        }
        notices.serving(count, generation);
        Message served = new Serving(generation, count, false).encode();
        done.requesters.forEach(r -> r.send(served));
    }

    private void fail(String reason) {
        Reload failed = reload;
        reload = null;
        failedReloads++;
        shutdown.terminate(failed.starting.values(), clock.getAsLong() + WorkerProcess.KILL_GRACE.toNanos());
        listeners.discard(failed.listeners);
        long generation = serving.number();
        log.error("reload failed, generation " + generation + " keeps serving: " + reason);
        notices.reloadFailed(reason, generation);
        failed.requesters.forEach(r -> r.send(new ErrorReply("reload failed: " + reason + "; generation " + generation
                + " keeps serving").encode()));
    }
}
