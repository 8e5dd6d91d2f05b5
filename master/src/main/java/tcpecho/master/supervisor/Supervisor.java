package tcpecho.master.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import tcpecho.common.log.Log;
import tcpecho.common.log.Plural;
import tcpecho.common.status.Status;
import tcpecho.common.wire.Stop;
import tcpecho.common.wire.Scale;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Draining;
import tcpecho.common.wire.FaultRequest;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.Settings;
import tcpecho.master.control.AlreadyRunningException;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.control.StatusJson;
import tcpecho.master.metrics.Readiness;
import tcpecho.master.net.ListenException;

/**
 * The master: one thread owns every worker record. Signals, control-socket lines and child exits
 * become {@link Event}s on one queue; the loop handles each, then always runs the housekeeping
 * (reap, enforce deadlines, respawn, advance a reload or an upgrade), as Gunicorn's arbiter does.
 * Reload, upgrade and stop are transactions of their own ({@link ReloadFlow}, {@link UpgradeFlow},
 * {@link StopFlow}); this class decides whether a reload or an upgrade may start now (a stop
 * always may, and preempts both). {@link SupervisorWiring} builds it and its collaborators.
 */
public final class Supervisor {
    private static final long TICK_MILLIS = 50;

    private final Events events;
    private final LongSupplier clock;
    private final ServingGeneration serving;
    private final Workers workers;
    private final WorkerMessages workerMessages;
    private final Reaper reaper;
    private final WorkerShutdown shutdown;
    private final Respawns respawns;
    private final Spawner spawner;
    private final Listeners listeners;
    private final ReloadFlow reloads;
    private final UpgradeFlow upgrades;
    private final StopFlow stops;
    private final ControlSocket control;
    private final ServiceNotices notices;
    private final LogAndMetrics outputs;
    private final MetricsPublisher metrics;
    private final Log log = Log.get();
    private final RunTimeFaults faults;
    private final long startedAt;
    /**
     * PID 1 (the container's init): the kernel re-parents every orphan in the container to us, so
     * housekeeping reaps any child, not only workers. No tini needed in the image.
     */
    private final boolean initProcess;

    /**
     * Everything the supervisor works with, built by {@link SupervisorWiring}: {@code events} is the
     * queue {@code control}'s server and the signal handlers feed, and the flows share {@code serving},
     * {@code workers} and {@code listeners} with it; {@code workerMessages}, {@code reaper},
     * {@code shutdown} and {@code respawns} each do one job on {@code workers}.
     */
    Supervisor(Events events, LongSupplier clock, ServingGeneration serving, Workers workers,
            WorkerMessages workerMessages, Reaper reaper, WorkerShutdown shutdown, Respawns respawns, Spawner spawner,
            Listeners listeners, ReloadFlow reloads, UpgradeFlow upgrades, StopFlow stops, ControlSocket control,
            ServiceNotices notices, LogAndMetrics outputs, MetricsPublisher metrics, boolean initProcess,
            RunTimeFaults faults) {
        this.faults = faults;
        this.events = events;
        this.clock = clock;
        this.serving = serving;
        this.workers = workers;
        this.workerMessages = workerMessages;
        this.reaper = reaper;
        this.shutdown = shutdown;
        this.respawns = respawns;
        this.spawner = spawner;
        this.listeners = listeners;
        this.reloads = reloads;
        this.upgrades = upgrades;
        this.stops = stops;
        this.control = control;
        this.notices = notices;
        this.outputs = outputs;
        this.metrics = metrics;
        this.initProcess = initProcess;
        this.startedAt = clock.getAsLong();
    }

    /** Called by signal handlers: only queues, as handlers must not do work. */
    public void signal(String name) {
        events.signal(name);
    }

    /** Runs until stopped; returns the master's exit code. */
    public int run() {
        try {
            start();
        } catch (AlreadyRunningException | ListenException | IOException failed) {
            log.error("cannot start: " + failed.getMessage());
            notices.startFailed(failed.getMessage());
            if (log.file() != null) {
                System.err.println("tcp-echo-master: cannot start: " + failed.getMessage());
            }
            shutdown();
            return 1;
        }
        while (!stopped()) {
            turn(TICK_MILLIS);
        }
        shutdown();
        log.info("stopped");
        return 0;
    }

    /** Opens the control socket and the metrics endpoint, takes over handed-in sockets, starts generation 1. */
    void start() throws IOException, AlreadyRunningException, ListenException {
        control.open(settings());
        outputs.openMetrics(settings(), listeners);
        startFirstGeneration(settings());
    }

    /** One turn of the loop: the events that came within {@code waitMillis}, then housekeeping. */
    void turn(long waitMillis) {
        try {
            Event event = events.next(waitMillis);
            for (; event != null; event = events.next()) {
                dispatch(event);
            }
            housekeeping();
        } catch (InterruptedException interrupted) {
            stops.begin(false, Duration.ZERO, "interrupted");
        } catch (RuntimeException bug) {
            log.error("master loop error (continuing)", bug);
        }
    }

    /** A stop has finished: every worker has been reaped. */
    boolean stopped() {
        return stops.done();
    }

    private void startFirstGeneration(Settings settings) throws ListenException {
        listeners.activate(listeners.prepare(settings, settings.workers()));
        listeners.closeUnclaimed();
        notices.status("starting " + Plural.count(settings.workers(), "worker"));
        log.info("starting generation 1: " + Plural.count(settings.workers(), "worker") + " on " + String.join(", ", listeners.endpoints())
                + ", control socket " + settings.controlSocket());
        if (settings.unusedPortNote() != null) {
            log.info(settings.unusedPortNote());
        }
        if (settings.loopGuardWarning() != null) {
            log.warn(settings.loopGuardWarning());
        }
        workers.resize(settings.workers());
        for (Slot slot : workers.slots()) {
            spawnInto(slot);
        }
    }

    private void dispatch(Event event) {
        if (event instanceof Event.SignalReceived s) {
            onSignal(s.name());
        } else if (event instanceof Event.ControlMessage m) {
            onMessage(m.from(), m.message());
        } else if (event instanceof Event.ControlClosed c) {
            workerMessages.disconnected(c.connection());
            c.connection().closeAfterFlush();
        }
    }

    private void onSignal(String name) {
        switch (name) {
            case "HUP" -> requestReload(null);
            case "TERM" -> stops.begin(true, settings().shutdownTimeout(), "SIGTERM");
            case "INT" -> stops.begin(false, Duration.ZERO, "SIGINT");
            case "USR1" -> reopenLogs();
            case "TTIN" -> requestScale(null, "+1");
            case "TTOU" -> requestScale(null, "-1");
            case "USR2" -> requestUpgrade(null);
            default -> { } // CHLD: reaping runs in every housekeeping pass
        }
    }

    private void onMessage(ControlConnection from, Message message) {
        WorkerProcess worker = workers.byConnection(from);
        if (worker != null) {
            onWorkerMessage(worker, message);
            return;
        }
        switch (message.verb()) {
            case Verb.HELLO -> {
                workerMessages.identify(from, message);
                WorkerProcess identified = workers.byConnection(from);
                if (identified != null) {
                    faults.hello(identified);
                }
            }
            case Verb.FAULT -> onFaultRequest(from, message);
            case Verb.STATUS -> from.send(StatusJson.reply(status()));
            case Verb.RELOAD -> requestReload(from);
            case Verb.SCALE -> requestScale(from, Scale.decode(message).workers());
            case Verb.UPGRADE -> requestUpgrade(from);
            case Verb.REOPEN -> {
                reopenLogs();
                from.send(Message.of(Verb.OK));
            }
            case Verb.STOP -> onStopRequest(from, Stop.decode(message));
            default -> from.send(new ErrorReply("unknown request " + message.verb()).encode());
        }
    }

    private void onWorkerMessage(WorkerProcess worker, Message message) {
        long now = clock.getAsLong();
        switch (message.verb()) {
            case Verb.READY -> workerMessages.ready(worker, now);
            case Verb.HEARTBEAT -> workerMessages.heartbeat(worker, message, now);
            case Verb.DRAINING -> onDraining(worker, message);
            default -> log.debug(worker.name() + " sent unknown message " + message.verb());
        }
    }

    /** {@code fault add|remove|clear|list}: changes go to every worker at once, no reload. */
    private void onFaultRequest(ControlConnection from, Message message) {
        try {
            from.send(faults.handle(FaultRequest.decode(message), listeners.active(), workers));
        } catch (MalformedMessageException malformed) {
            from.send(new ErrorReply("malformed message: " + malformed.getMessage()).encode());
        }
    }

    /** A worker's DRAINING is only logged; one without its count still is. */
    private void onDraining(WorkerProcess worker, Message message) {
        String open;
        try {
            open = Long.toString(Draining.decode(message).connections());
        } catch (MalformedMessageException malformed) {
            open = "?";
        }
        log.info(worker.name() + " draining " + Plural.count(open, "connection"));
    }

    /** {@code stop [fast] [timeout_ms]}: the reply goes first, carrying the pid to wait for. */
    private void onStopRequest(ControlConnection from, Stop stop) {
        Duration timeout = Duration.ofMillis(stop.timeoutMillis().orElse(settings().shutdownTimeout().toMillis()));
        from.send(new Stop.Accepted(ProcessHandle.current().pid(), timeout.toMillis()).encode());
        stops.begin(!stop.fast(), timeout, "stop request");
    }

    private void housekeeping() {
        long now = clock.getAsLong();
        reapWorkers();
        shutdown.enforceDeadlines(now, settings().workerTimeout(), settings().readyTimeout());
        if (upgrades.inProgress()) {
            upgrades.advance(now).ifPresent(newPid -> {
                // The new master serves the metrics socket too; this one's answers (503 at /ready
                // while it drains) would reach scrapers and probes of the one address at random.
                metrics.close();
                stops.begin(true, settings().drainTimeout(), "upgraded to master pid " + newPid);
            });
        }
        if (!stops.requested() && !upgrades.inProgress()) {
            // Not during an upgrade: a respawned worker would say HELLO to the new master's socket.
            respawns.due(now, this::spawnInto);
            reloads.advance(now);
        }
        announceReady();
        metrics.readiness(stops.requested() ? Readiness.STOPPING
                : notices.announcedReady() ? Readiness.SERVING : Readiness.STARTING);
        if (!workers.hasOlderGenerations(serving.number()) && !reloads.generationStarting()) {
            listeners.closeRetired();
        }
        metrics.maybePublish(workers, listeners.active(), serving.number(), reloads.reloads(), reloads.failedReloads(),
                settings().workers(), () -> faults.rows(listeners.active()));
    }

    private void reapWorkers() {
        for (WorkerExit exit : reaper.reap(initProcess)) {
            faults.exited(exit.worker().pid);
            onExit(exit);
        }
    }

    private void onExit(WorkerExit exit) {
        if (reloads.failIfStarting(exit)) {
            return;
        }
        WorkerProcess worker = exit.worker();
        if (stops.requested() || worker.state == WorkerProcess.State.DRAINING || worker.generation != serving.number()) {
            log.info(worker.name() + " (generation " + worker.generation + ") exited with " + exit.status());
            return;
        }
        respawns.schedule(worker, exit.status(), clock.getAsLong());
    }

    /** READY=1 once the first generation serves in full; a reload sends its own when it commits. */
    private void announceReady() {
        if (!stops.requested() && !notices.announcedReady() && workers.allServing()) {
            metrics.readiness(Readiness.SERVING);
            outputs.serveHandedInMetrics(settings());
            notices.serving(settings().workers(), serving.number());
        }
    }

    private void spawnInto(Slot slot) {
        try {
            long pid = spawner.spawn(slot.number, workers.slots().size(), listeners.active(), settings(), serving.number());
            workers.started(slot, new WorkerProcess(slot.number, serving.number(), pid, clock.getAsLong()));
        } catch (Exception failed) {
            slot.failure = "cannot spawn: " + failed.getMessage();
            log.error("worker[" + slot.number + "] " + slot.failure);
        }
    }

    /** SIGHUP and {@code reload}: queued unless the master is stopping or upgrading. */
    private void requestReload(ControlConnection requester) {
        String busy = reloadBlocker();
        if (busy != null) {
            refuse(requester, "reload refused: " + busy, busy);
        } else {
            reloads.queue(requester);
        }
    }

    /**
     * SIGTTIN / SIGTTOU and {@code scale N|+N|-N}: a reload with a new worker count. Refused before
     * the count is recorded, so a scale asked for during a stop or upgrade leaves no trace.
     */
    private void requestScale(ControlConnection requester, String change) {
        String busy = reloadBlocker();
        if (busy != null) {
            refuse(requester, "scale refused: " + busy, busy);
        } else if (reloads.scale(requester, change)) {
            reloads.queue(requester);
        }
    }

    /** Why no reload (or scale) may start now, or null. */
    private String reloadBlocker() {
        return stops.requested() ? "the master is stopping" : upgrades.inProgress() ? "an upgrade is in progress" : null;
    }

    /** SIGUSR2 and {@code upgrade}: only while the master serves with no stop, upgrade or reload under way. */
    private void requestUpgrade(ControlConnection requester) {
        String busy = stops.requested() ? "the master is stopping"
                : upgrades.inProgress() ? "an upgrade is already in progress"
                : reloads.inProgress() ? "a reload is in progress" : null;
        if (busy != null) {
            refuse(requester, "upgrade refused: " + busy, "cannot upgrade: " + busy);
        } else {
            upgrades.start(requester, metrics.socket());
        }
    }

    /** {@code requester} is null for a signal: then the log is the only one told. */
    private void refuse(ControlConnection requester, String logLine, String reply) {
        log.warn(logLine);
        if (requester != null) {
            requester.send(new ErrorReply(reply).encode());
        }
    }

    private void reopenLogs() {
        outputs.reopenLogFile(settings());
        workers.broadcast(Message.of(Verb.REOPEN));
        log.info("log files reopened");
    }

    private Status status() {
        return StatusReport.of(ProcessHandle.current().pid(), serving.number(), reloads.reloads(), reloads.failedReloads(),
                settings(), listeners.active(), workers, clock.getAsLong() - startedAt, clock.getAsLong(),
                faults.rows(listeners.active()));
    }

    private Settings settings() {
        return serving.settings();
    }

    void shutdown() {
        metrics.close();
        listeners.close();
        control.close();
    }
}
