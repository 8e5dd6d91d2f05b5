package tcpecho.master.supervisor;

import java.time.Duration;
import java.util.function.LongSupplier;
import tcpecho.common.log.Log;

/**
 * Stopping (SIGTERM, SIGINT, {@code stop}, or a finished upgrade): a graceful stop lets every
 * worker finish its connections for up to the timeout, a fast one closes them now, and a fast
 * stop during a graceful one escalates. A stop preempts a reload or an upgrade in flight. The
 * master exits once every worker has been reaped. Supervisor thread only.
 */
final class StopFlow {
    private final Workers workers;
    private final WorkerShutdown shutdown;
    private final Listeners listeners;
    private final ServiceNotices notices;
    private final ReloadFlow reloads;
    private final UpgradeFlow upgrades;
    private final LongSupplier clock;
    private final Log log = Log.get();
    private Stop stop;

    StopFlow(Workers workers, WorkerShutdown shutdown, Listeners listeners, ServiceNotices notices, ReloadFlow reloads,
            UpgradeFlow upgrades, LongSupplier clock) {
        this.workers = workers;
        this.shutdown = shutdown;
        this.listeners = listeners;
        this.notices = notices;
        this.reloads = reloads;
        this.upgrades = upgrades;
        this.clock = clock;
    }

    boolean requested() {
        return stop != null;
    }

    /** Every worker of every generation has been reaped: the master may exit. */
    boolean done() {
        return stop != null && workers.all().isEmpty();
    }

    void begin(boolean graceful, Duration timeout, String why) {
        if (stop != null) {
            if (!graceful && stop.graceful()) {
                log.info("fast stop requested (" + why + ") during a graceful stop");
                shutdown.terminate(workers.all(), clock.getAsLong() + WorkerProcess.KILL_GRACE.toNanos());
                stop = new Stop(false);
            }
            return;
        }
        log.info((graceful ? "graceful stop (" : "fast stop (") + why + "): "
                + (graceful ? "finishing open connections for up to " + timeout.toSeconds() + " s" : "closing all connections"));
        stop = new Stop(graceful);
        notices.stopping(why);
        upgrades.abortForStop();
        reloads.abortForStop();
        listeners.close();
        long killAt = clock.getAsLong() + timeout.plus(WorkerProcess.KILL_GRACE).toNanos();
        if (graceful) {
            shutdown.drain(workers.all(), timeout.toMillis(), killAt);
        } else {
            shutdown.terminate(workers.all(), killAt);
        }
    }

    /** A stop in progress; it is done when every worker has been reaped. */
    private record Stop(boolean graceful) {
    }
}
