package tcpecho.config;

import static tcpecho.config.Keys.BIND;
import static tcpecho.config.Keys.CONTROL_SOCKET;
import static tcpecho.config.Keys.DRAIN_TIMEOUT;
import static tcpecho.config.Keys.LOG_FILE;
import static tcpecho.config.Keys.LOG_LEVEL;
import static tcpecho.config.Keys.PID_FILE;
import static tcpecho.config.Keys.PORT;
import static tcpecho.config.Keys.READY_TIMEOUT;
import static tcpecho.config.Keys.SHUTDOWN_TIMEOUT;
import static tcpecho.config.Keys.WORKERS;
import static tcpecho.config.Keys.WORKER_CPU_AFFINITY;
import static tcpecho.config.Keys.WORKER_TIMEOUT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Each key's rule and default: the table in one place. */
final class KeyTable {
    static final int MAX_WORKERS = 1024;
    /**
     * Linux's sun_path holds 108 bytes including the NUL (sys/un.h); 100 keeps a margin, and stays
     * under macOS's 104.
     */
    static final int MAX_SOCKET_PATH_BYTES = 100;

    private static final Map<String, String> FIXED_DEFAULTS = Map.of(
            PORT, "8090",
            BIND, "*",
            WORKERS, "auto",
            LOG_FILE, "",
            LOG_LEVEL, "info",
            SHUTDOWN_TIMEOUT, "10s",
            READY_TIMEOUT, "10s",
            DRAIN_TIMEOUT, "30s",
            WORKER_TIMEOUT, "30s",
            WORKER_CPU_AFFINITY, "off");

    private KeyTable() {
    }

    static Map<String, Rule<?>> rules(int availableProcessors) {
        Map<String, Rule<?>> rules = new HashMap<>();
        rules.put(PORT, Rules.wholeNumber(PORT, 1, 65535));
        rules.put(BIND, Rules.bindAddress(BIND));
        rules.put(WORKERS, Rules.countOrAuto(WORKERS, 1, MAX_WORKERS, availableProcessors));
        rules.put(CONTROL_SOCKET, Rules.path(CONTROL_SOCKET, false, MAX_SOCKET_PATH_BYTES));
        rules.put(PID_FILE, Rules.path(PID_FILE, false, 0));
        rules.put(LOG_FILE, Rules.path(LOG_FILE, true, 0));
        rules.put(LOG_LEVEL, Rules.level(LOG_LEVEL));
        rules.put(SHUTDOWN_TIMEOUT, Rules.duration(SHUTDOWN_TIMEOUT, Duration.ZERO, Duration.ofHours(1)));
        rules.put(READY_TIMEOUT, Rules.duration(READY_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(5)));
        rules.put(DRAIN_TIMEOUT, Rules.duration(DRAIN_TIMEOUT, Duration.ZERO, Duration.ofHours(24)));
        rules.put(WORKER_TIMEOUT, Rules.duration(WORKER_TIMEOUT, Duration.ofSeconds(2), Duration.ofHours(1)));
        rules.put(WORKER_CPU_AFFINITY, Rules.cpuAffinity(WORKER_CPU_AFFINITY));
        return rules;
    }

    /** Keys whose default is derived from the effective port, so masters on two ports never collide. */
    static boolean isDerived(String key) {
        return key.equals(CONTROL_SOCKET) || key.equals(PID_FILE);
    }

    static String fixedDefault(String key) {
        return FIXED_DEFAULTS.get(key);
    }

    static String derivedDefault(String key, int port, Path runtimeDir) {
        String name = key.equals(CONTROL_SOCKET) ? "control-" + port + ".sock" : "master-" + port + ".pid";
        return runtimeDir.resolve(name).toString();
    }
}
