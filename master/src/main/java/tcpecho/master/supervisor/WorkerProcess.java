package tcpecho.master.supervisor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.ListenerDrops;
import tcpecho.common.wire.Message;
import tcpecho.master.control.ControlConnection;

/** The master's record of one worker JVM, from spawn to reaping. Owned by the master thread. */
final class WorkerProcess {
    enum State { STARTING, READY, DRAINING, STOPPING }

    /** Added to a drain timeout (none to terminate) to give {@link #killAt}: time to exit on its own before SIGKILL. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);

    final int slot;
    final long generation;
    final long pid;
    final long spawnedAt;
    State state = State.STARTING;
    ControlConnection connection;
    long readyAt = -1;
    long lastHeartbeat;
    long killAt = Long.MAX_VALUE;
    long connections;
    long accepted;
    long bytesIn;
    long bytesOut;
    /** Per listener name, from the heartbeat's {@code listeners} field; empty from a worker that sends none. */
    Map<String, ListenerCounters> listenerCounters = Map.of();
    /** Per listener name, from the heartbeat's {@code drops} field: only listeners that dropped anything. */
    Map<String, ListenerDrops> listenerDrops = Map.of();

    WorkerProcess(int slot, long generation, long pid, long spawnedAt) {
        this.slot = slot;
        this.generation = generation;
        this.pid = pid;
        this.spawnedAt = spawnedAt;
        this.lastHeartbeat = spawnedAt;
    }

    /** {@code worker[2] pid 4711}, the subject of log lines about this worker. */
    String name() {
        return "worker[" + slot + "] pid " + pid;
    }

    void recordHeartbeat(Heartbeat heartbeat, long now) {
        lastHeartbeat = now;
        connections = heartbeat.connections();
        accepted = heartbeat.accepted();
        bytesIn = heartbeat.bytesIn();
        bytesOut = heartbeat.bytesOut();
        Map<String, ListenerCounters> counters = new LinkedHashMap<>();
        heartbeat.listeners().forEach(c -> counters.put(c.name(), c));
        listenerCounters = counters;
        Map<String, ListenerDrops> drops = new LinkedHashMap<>();
        heartbeat.drops().forEach(d -> drops.put(d.name(), d));
        listenerDrops = drops;
    }

    /** Sends to the worker if it has connected; false if it has not (or has gone). */
    boolean send(Message message) {
        return connection != null && connection.send(message);
    }

    String stateLabel() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
