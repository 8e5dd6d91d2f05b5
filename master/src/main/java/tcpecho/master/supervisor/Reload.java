package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpecho.config.Settings;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.net.SocketPool;

/**
 * One reload in flight: the validated settings, the pools, and the new generation being started.
 * It commits only when every new worker has reported READY before {@code deadline}; until then
 * the old generation serves as if nothing happened.
 */
final class Reload {
    final Settings settings;
    final long generation;
    final List<SocketPool> pools;
    final long deadline;
    final List<ControlConnection> requesters = new ArrayList<>();
    final Map<Integer, WorkerProcess> starting = new LinkedHashMap<>();
    boolean spawned;

    Reload(Settings settings, long generation, List<SocketPool> pools, long deadline) {
        this.settings = settings;
        this.generation = generation;
        this.pools = pools;
        this.deadline = deadline;
    }

    boolean allReady() {
        return spawned && starting.values().stream().allMatch(w -> w.state == WorkerProcess.State.READY);
    }
}
