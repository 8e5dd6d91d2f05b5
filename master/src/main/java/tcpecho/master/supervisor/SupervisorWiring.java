package tcpecho.master.supervisor;

import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import tcpecho.config.Settings;
import tcpecho.master.net.ActivatedSockets;
import tcpecho.master.os.Posix;

/**
 * Builds a {@link Supervisor} and everything it works with. The master passes the real process
 * calls, clock and environment; the supervisor's unit tests pass a fake Posix and a fake clock and
 * drive the same flows.
 */
public final class SupervisorWiring {
    private SupervisorWiring() {
    }

    /**
     * {@code environment}: this process's, read for systemd's NOTIFY_SOCKET and LISTEN_FDS (and
     * their upgrade counterparts); {@code masterCommand}: how to start a new master for an upgrade.
     */
    public static Supervisor build(ConfigSource config, Settings settings, Posix posix, WorkerCommand command,
            LongSupplier clock, MasterCommand masterCommand, Map<String, String> environment) {
        // Spawns hold the write side; the control server accepts under the read side, because a
        // socket accepted mid-spawn would leak into the child.
        ReentrantReadWriteLock descriptors = new ReentrantReadWriteLock();
        Events events = new Events();
        ServiceNotices notices = ServiceNotices.fromEnvironment(environment);
        ServingGeneration serving = new ServingGeneration(settings, 1);
        Workers workers = new Workers();
        RunTimeFaults faults = new RunTimeFaults();
        Spawner spawner = new Spawner(posix, descriptors.writeLock(), command, faults);
        WorkerShutdown shutdown = new WorkerShutdown(workers, posix);
        MetricsPublisher metrics = new MetricsPublisher(clock);
        LogAndMetrics outputs = new LogAndMetrics(metrics);
        ControlSocket control = new ControlSocket(events, descriptors.readLock());
        // Read at the first prepare, in start(): only then are handed-in sockets taken over.
        Listeners listeners = new Listeners(() -> ActivatedSockets.fromEnvironment(environment,
                ProcessHandle.current().pid()));
        ReloadFlow reloads = new ReloadFlow(config, spawner, workers, shutdown, listeners, serving, notices, outputs, clock);
        UpgradeFlow upgrades = new UpgradeFlow(posix, descriptors.writeLock(), masterCommand, control, listeners,
                serving, notices, clock);
        StopFlow stops = new StopFlow(workers, shutdown, listeners, notices, reloads, upgrades, clock);
        return new Supervisor(events, clock, serving, workers, new WorkerMessages(workers), new Reaper(workers, posix),
                shutdown, new Respawns(workers), spawner, listeners, reloads, upgrades, stops, control,
                notices, outputs, metrics, ProcessHandle.current().pid() == 1, faults);
    }
}
