package tcpecho.master.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import tcpecho.common.log.Log;
import tcpecho.common.log.Plural;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.Settings;
import tcpecho.master.control.AlreadyRunningException;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.control.ControlListener;
import tcpecho.master.net.ActivatedSockets;
import tcpecho.master.net.ListenException;
import tcpecho.master.os.Posix;

/**
 * The master: one thread owns every worker record. Signals, control-socket lines and child exits
 * become {@link Event}s on one queue; the loop handles each, then always runs the housekeeping
 * (reap, enforce deadlines, respawn, advance a reload or an upgrade), as Gunicorn's arbiter does.
 * Reload, upgrade and stop are transactions of their own ({@link ReloadFlow}, {@link UpgradeFlow},
 * {@link StopFlow}); this class decides whether a reload or an upgrade may start now (a stop
 * always may, and preempts both).
 */
public final class Supervisor implements ControlListener {
    private static final long TICK_MILLIS = 50;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ConfigSource config;
    private final Posix posix;
    private final LongSupplier clock;
    private final ReentrantReadWriteLock descriptors = new ReentrantReadWriteLock();
    private final Spawner spawner;
    private final Workers workers;
    private final MetricsPublisher metrics;
    private final LogAndMetrics outputs;
    private final MasterCommand masterCommand;
    private final Map<String, String> environment;
    private final ServiceNotices notices;
    private final ServingGeneration serving;
    private final ControlSocket control;
    private final Log log = Log.get();
    private final long startedAt;
    /**
     * PID 1 (the container's init): the kernel re-parents every orphan in the container to us, so
     * housekeeping reaps any child, not only workers. No tini needed in the image.
     */
    private final boolean initProcess = ProcessHandle.current().pid() == 1;
    /** From start() on: only then are sockets handed in by systemd or an old master taken over. */
    private Listeners listeners;
    private ReloadFlow reloads;
    private UpgradeFlow upgrades;
    private StopFlow stops;

    /**
     * {@code environment}: this process's, read for systemd's NOTIFY_SOCKET and LISTEN_FDS (and
     * their upgrade counterparts); {@code masterCommand}: how to start a new master for an upgrade.
     */
    public Supervisor(ConfigSource config, Settings settings, Posix posix, WorkerCommand command, LongSupplier clock,
            MasterCommand masterCommand, Map<String, String> environment) {
        this.config = config;
        this.masterCommand = masterCommand;
        this.environment = environment;
        this.notices = ServiceNotices.fromEnvironment(environment);
        this.serving = new ServingGeneration(settings, 1);
        this.posix = posix;
        this.clock = clock;
        this.spawner = new Spawner(posix, descriptors.writeLock(), command);
        this.workers = new Workers(posix, clock);
        this.metrics = new MetricsPublisher(clock);
        this.outputs = new LogAndMetrics(metrics);
        this.control = new ControlSocket(this, descriptors.readLock());
        this.startedAt = clock.getAsLong();
    }

    /** Called by signal handlers: only queues, as handlers must not do work. */
    public void signal(String name) {
        events.add(new Event.SignalReceived(name));
    }

    @Override
    public void received(ControlConnection connection, Message message) {
        events.add(new Event.ControlMessage(connection, message));
    }

    @Override
    public void closed(ControlConnection connection) {
        events.add(new Event.ControlClosed(connection));
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
        while (!stops.done()) {
            try {
                Event event = events.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                for (; event != null; event = events.poll()) {
                    dispatch(event);
                }
                housekeeping();
            } catch (InterruptedException interrupted) {
                stops.begin(false, Duration.ZERO, "interrupted");
            } catch (RuntimeException bug) {
                log.error("master loop error (continuing)", bug);
            }
        }
        shutdown();
        log.info("stopped");
        return 0;
    }

    private void start() throws IOException, AlreadyRunningException, ListenException {
        control.open(settings());
        outputs.openMetrics(settings());
        listeners = new Listeners(ActivatedSockets.fromEnvironment(environment, ProcessHandle.current().pid()));
        reloads = new ReloadFlow(config, spawner, workers, listeners, serving, notices, outputs, clock);
        upgrades = new UpgradeFlow(posix, descriptors.writeLock(), masterCommand, control, listeners, serving, notices,
                clock);
        stops = new StopFlow(workers, listeners, notices, reloads, upgrades, clock);
        startFirstGeneration(settings());
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
            workers.disconnected(c.connection());
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
            case Verb.HELLO -> workers.identify(from, message);
            case Verb.STATUS -> from.send(Message.of(Verb.OK).with("status", statusJson()));
            case Verb.RELOAD -> requestReload(from);
            case Verb.SCALE -> requestScale(from, message.get("workers", ""));
            case Verb.UPGRADE -> requestUpgrade(from);
            case Verb.REOPEN -> {
                reopenLogs();
                from.send(Message.of(Verb.OK));
            }
            case Verb.STOP -> onStopRequest(from, message);
            default -> from.send(Verb.error("unknown request " + message.verb()));
        }
    }

    private void onWorkerMessage(WorkerProcess worker, Message message) {
        long now = clock.getAsLong();
        switch (message.verb()) {
            case Verb.READY -> workers.ready(worker, now);
            case Verb.HEARTBEAT -> worker.recordHeartbeat(message, now);
            case Verb.DRAINING -> log.info(worker.name() + " draining " + Plural.count(message.get("connections", "?"), "connection"));
            default -> log.debug(worker.name() + " sent unknown message " + message.verb());
        }
    }

    /** {@code stop [fast] [timeout_ms]}: the reply goes first, carrying the pid to wait for. */
    private void onStopRequest(ControlConnection from, Message message) {
        boolean graceful = !"fast".equals(message.get("mode"));
        Duration timeout = Duration.ofMillis(message.getLong("timeout_ms", settings().shutdownTimeout().toMillis()));
        from.send(Message.of(Verb.OK).with("pid", ProcessHandle.current().pid()).with("timeout_ms", timeout.toMillis()));
        stops.begin(graceful, timeout, "stop request");
    }

    private void housekeeping() {
        long now = clock.getAsLong();
        reapWorkers();
        workers.enforceDeadlines(now, settings().workerTimeout(), settings().readyTimeout());
        if (upgrades.inProgress()) {
            upgrades.advance(now)
                    .ifPresent(newPid -> stops.begin(true, settings().drainTimeout(), "upgraded to master pid " + newPid));
        }
        if (!stops.requested() && !upgrades.inProgress()) {
            // Not during an upgrade: a respawned worker would say HELLO to the new master's socket.
            workers.respawnDue(now, this::spawnInto);
            reloads.advance(now);
        }
        announceReady();
        if (!workers.hasOlderGenerations(serving.number()) && !reloads.generationStarting()) {
            listeners.closeRetired();
        }
        metrics.maybePublish(workers, listeners.active(), serving.number(), reloads.reloads(), reloads.failedReloads(),
                settings().workers());
    }

    private void reapWorkers() {
        for (Workers.Exit exit : workers.reap(initProcess)) {
            onExit(exit);
        }
    }

    private void onExit(Workers.Exit exit) {
        if (reloads.failIfStarting(exit)) {
            return;
        }
        WorkerProcess worker = exit.worker();
        if (stops.requested() || worker.state == WorkerProcess.State.DRAINING || worker.generation != serving.number()) {
            log.info(worker.name() + " (generation " + worker.generation + ") exited with " + exit.status());
            return;
        }
        workers.scheduleRespawn(worker, exit.status(), clock.getAsLong());
    }

    /** READY=1 once the first generation serves in full; a reload sends its own when it commits. */
    private void announceReady() {
        if (!stops.requested() && !notices.announcedReady() && workers.allServing()) {
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
            upgrades.start(requester);
        }
    }

    /** {@code requester} is null for a signal: then the log is the only one told. */
    private void refuse(ControlConnection requester, String logLine, String reply) {
        log.warn(logLine);
        if (requester != null) {
            requester.send(Verb.error(reply));
        }
    }

    private void reopenLogs() {
        outputs.reopenLogFile(settings());
        workers.broadcast(Message.of(Verb.REOPEN));
        log.info("log files reopened");
    }

    private String statusJson() {
        return StatusReport.json(ProcessHandle.current().pid(), serving.number(), reloads.reloads(), reloads.failedReloads(),
                settings(), listeners.active(), workers, clock.getAsLong() - startedAt, clock.getAsLong());
    }

    private Settings settings() {
        return serving.settings();
    }

    private void shutdown() {
        metrics.close();
        if (listeners != null) {
            listeners.close();
        }
        control.close();
    }
}
