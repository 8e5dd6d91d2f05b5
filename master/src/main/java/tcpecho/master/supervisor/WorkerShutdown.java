package tcpecho.master.supervisor;

import java.time.Duration;
import java.util.Collection;
import tcpecho.common.log.Log;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Quit;
import tcpecho.common.wire.Verb;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;
import tcpecho.master.os.Signals;

/**
 * Ends workers as NGINX does: a command over the control channel first (QUIT to drain, TERMINATE
 * to stop now), a signal only when a worker has no channel, and SIGKILL for one past its kill
 * deadline, hung (no heartbeat) or never ready.
 */
final class WorkerShutdown {
    private final Workers workers;
    private final Posix posix;
    private final Log log = Log.get();

    WorkerShutdown(Workers workers, Posix posix) {
        this.workers = workers;
        this.posix = posix;
    }

    /** Kills workers past their kill deadline, hung (no heartbeat) or never ready. */
    void enforceDeadlines(long now, Duration workerTimeout, Duration readyTimeout) {
        for (WorkerProcess worker : workers.all()) {
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

    private void kill(WorkerProcess worker, int signal, String why) {
        log.warn(worker.name() + " " + why + " - sending " + Signals.name(signal));
        try {
            posix.kill(worker.pid, signal);
        } catch (NativeException failed) {
            log.error(failed.getMessage());
        }
    }
}
