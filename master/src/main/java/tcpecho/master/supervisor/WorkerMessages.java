package tcpecho.master.supervisor;

import java.time.Duration;
import tcpecho.common.log.Log;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.Hello;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.master.control.ControlConnection;

/**
 * What the workers say on the control socket: HELLO binds a connection to a worker we spawned,
 * READY and HEARTBEAT move its state and counters, and a closed connection unbinds it.
 */
final class WorkerMessages {
    private final Workers workers;
    private final Log log = Log.get();

    WorkerMessages(Workers workers) {
        this.workers = workers;
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
        for (WorkerProcess worker : workers.all()) {
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
        WorkerProcess worker = workers.byConnection(connection);
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
}
