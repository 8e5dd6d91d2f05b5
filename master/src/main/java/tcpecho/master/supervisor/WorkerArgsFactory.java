package tcpecho.master.supervisor;

import java.util.List;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.config.CpuAffinity;
import tcpecho.config.Settings;

/** What a worker is told at spawn, from the settings of the generation it belongs to. */
final class WorkerArgsFactory {
    /**
     * The worker-cpu-affinity of the settings the last args on this thread came from. Spawner reads
     * it right after calling the args function, which only returns WorkerArgs (a wire record the
     * worker must not see affinity in); this keeps the call sites in Supervisor unchanged.
     */
    private static final ThreadLocal<CpuAffinity> LAST_AFFINITY = ThreadLocal.withInitial(() -> CpuAffinity.OFF);

    private WorkerArgsFactory() {
    }

    static WorkerArgs forSettings(Settings settings, int slot, long generation, List<InheritedListener> listeners) {
        LAST_AFFINITY.set(settings.workerCpuAffinity());
        return new WorkerArgs(slot, generation, settings.controlSocket(), listeners, settings.logLevel().label(),
                settings.logFile(), WorkerArgs.DEFAULT_HEARTBEAT_MILLIS, WorkerArgs.DEFAULT_MAX_PENDING_BYTES);
    }

    /** The affinity that goes with the args this thread made last ({@link CpuAffinity#OFF} if none). */
    static CpuAffinity lastAffinity() {
        return LAST_AFFINITY.get();
    }
}
