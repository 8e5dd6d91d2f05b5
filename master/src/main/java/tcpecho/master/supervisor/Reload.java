package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpecho.config.Settings;
import tcpecho.master.control.ControlConnection;

/**
 * One reload in flight: the validated settings, the listeners with their pools, and the new
 * generation being started.
 * It commits only when every new worker has reported READY before {@code deadline}; until then
 * the old generation serves as if nothing happened.
 */
final class Reload {
    final Settings settings;
    final long generation;
    final List<ListenerBinding> listeners;
    final long deadline;
    final List<ControlConnection> requesters = new ArrayList<>();
    final Map<Integer, WorkerProcess> starting = new LinkedHashMap<>();

    Reload(Settings settings, long generation, List<ListenerBinding> listeners, long deadline) {
        this.settings = settings;
        this.generation = generation;
        this.listeners = listeners;
        this.deadline = deadline;
    }

    boolean allReady() {
        // Spawning the whole generation happens in one step (a failed spawn ends the reload), so
        // this is never asked of a half-spawned generation.
        return starting.values().stream().allMatch(w -> w.state == WorkerProcess.State.READY);
    }
}
