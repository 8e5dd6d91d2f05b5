package tcpecho.master.supervisor;

import java.util.List;
import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.config.Settings;

/** What a worker is told at spawn, from the settings of the generation it belongs to. */
final class WorkerArgsFactory {
    private WorkerArgsFactory() {
    }

    static WorkerArgs forSettings(Settings settings, int slot, long generation, List<InheritedListener> listeners) {
        return new WorkerArgs(slot, generation, settings.controlSocket(), listeners, settings.logLevel().label(),
                settings.logFile(), WorkerArgs.DEFAULT_HEARTBEAT_MILLIS, settings.maxUnsent(), limitsOf(settings),
                settings.logFormat(), settings.datagramLimits());
    }

    static ConnectionLimits limitsOf(Settings settings) {
        return new ConnectionLimits(settings.idleTimeout().toMillis(), settings.maxConnections(),
                settings.tcpNoDelay(), settings.keepAlive(), settings.sendReset(), settings.lingerTimeout().toMillis());
    }
}
