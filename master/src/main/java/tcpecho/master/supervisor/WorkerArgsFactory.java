package tcpecho.master.supervisor;

import java.util.List;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.config.Settings;

/**
 * A worker's command line, from the settings of the generation it belongs to: which worker it is,
 * then the argument of every setting row that applies to workers.
 */
final class WorkerArgsFactory {
    /** How often a worker reports; the master's choice rather than a setting (worker-timeout is the user's). */
    static final long HEARTBEAT_MILLIS = 1000;

    private WorkerArgsFactory() {
    }

    static List<String> argv(Settings settings, int slot, long generation, List<InheritedListener> listeners) {
        List<String> args = WorkerArgs.launchArgs(slot, generation, settings.controlSocket(), HEARTBEAT_MILLIS,
                listeners);
        args.addAll(settings.workerArguments());
        return args;
    }
}
