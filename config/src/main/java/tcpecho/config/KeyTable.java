package tcpecho.config;

import static tcpecho.config.Keys.BACKLOG;
import static tcpecho.config.Keys.BIND;
import static tcpecho.config.Keys.CONTROL_SOCKET;
import static tcpecho.config.Keys.DRAIN_TIMEOUT;
import static tcpecho.config.Keys.IDLE_TIMEOUT;
import static tcpecho.config.Keys.LINGER_TIMEOUT;
import static tcpecho.config.Keys.KEEPALIVE;
import static tcpecho.config.Keys.LOG_FILE;
import static tcpecho.config.Keys.LOG_LEVEL;
import static tcpecho.config.Keys.MAX_CONNECTIONS;
import static tcpecho.config.Keys.MAX_UNSENT;
import static tcpecho.config.Keys.PID_FILE;
import static tcpecho.config.Keys.PORT;
import static tcpecho.config.Keys.READY_TIMEOUT;
import static tcpecho.config.Keys.SEND_RESET;
import static tcpecho.config.Keys.SHUTDOWN_TIMEOUT;
import static tcpecho.config.Keys.TCP_NODELAY;
import static tcpecho.config.Keys.WORKERS;
import static tcpecho.config.Keys.WORKER_CPU_AFFINITY;
import static tcpecho.config.Keys.WORKER_TIMEOUT;
import static tcpecho.config.Keys.METRICS;
import static tcpecho.config.Keys.LOG_FORMAT;
import static tcpecho.config.Keys.ACCESS;
import static tcpecho.config.Keys.UDP_LOOP_GUARD;
import static tcpecho.config.Keys.UDP_RATE_PER_SOURCE;
import static tcpecho.config.Keys.UDP_RATE_PER_WORKER;
import static tcpecho.config.Keys.MAX_CONNECTIONS_PER_IP;
import static tcpecho.config.Keys.CONNECT_RATE_PER_IP;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import tcpecho.common.launch.DatagramLimits;

/** Each key's rule and default: the table in one place. */
final class KeyTable {
    static final int MAX_WORKERS = 1024;
    /**
     * Linux's sun_path holds 108 bytes including the NUL (sys/un.h); 100 keeps a margin, and stays
     * under macOS's 104.
     */
    static final int MAX_SOCKET_PATH_BYTES = 100;

    /** Past this a worker's 32 MiB heap holds only the connections' objects, and fds run short anyway. */
    static final int MAX_MAX_CONNECTIONS = 1_000_000;
    /** Linux caps a listen backlog at net.core.somaxconn (4096 by default since 5.4), silently. */
    static final int MAX_BACKLOG = 65535;

    private static final Map<String, String> FIXED_DEFAULTS = Map.ofEntries(
            Map.entry(PORT, "8090"),
            Map.entry(BIND, "*"),
            Map.entry(WORKERS, "auto"),
            Map.entry(LOG_FILE, ""),
            Map.entry(LOG_LEVEL, "info"),
            Map.entry(SHUTDOWN_TIMEOUT, "10s"),
            Map.entry(READY_TIMEOUT, "10s"),
            Map.entry(DRAIN_TIMEOUT, "30s"),
            Map.entry(WORKER_TIMEOUT, "30s"),
            Map.entry(IDLE_TIMEOUT, "0s"),
            Map.entry(MAX_CONNECTIONS, "10000"),
            Map.entry(BACKLOG, "4096"),
            Map.entry(MAX_UNSENT, "64KiB"),
            Map.entry(TCP_NODELAY, "true"),
            Map.entry(KEEPALIVE, "false"),
            Map.entry(SEND_RESET, "false"),
            Map.entry(LINGER_TIMEOUT, "5s"),
            Map.entry(WORKER_CPU_AFFINITY, "off"),
            Map.entry(METRICS, ""),
            Map.entry(LOG_FORMAT, "plain"),
            Map.entry(UDP_LOOP_GUARD, Boolean.toString(DatagramLimits.DEFAULTS.loopGuard())),
            Map.entry(UDP_RATE_PER_SOURCE, DatagramLimits.DEFAULTS.perSource().toString()),
            Map.entry(UDP_RATE_PER_WORKER, DatagramLimits.DEFAULTS.perWorker().toString()),
            Map.entry(ACCESS, ""),
            Map.entry(MAX_CONNECTIONS_PER_IP, "0"),
            Map.entry(CONNECT_RATE_PER_IP, "off"));

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
        rules.put(IDLE_TIMEOUT, Rules.duration(IDLE_TIMEOUT, Duration.ZERO, Duration.ofHours(24)));
        rules.put(MAX_CONNECTIONS, Rules.wholeNumber(MAX_CONNECTIONS, 0, MAX_MAX_CONNECTIONS));
        rules.put(BACKLOG, Rules.wholeNumber(BACKLOG, 1, MAX_BACKLOG));
        rules.put(MAX_UNSENT, Rules.size(MAX_UNSENT, Sizes.KIB, 16 * Sizes.MIB));
        rules.put(TCP_NODELAY, Rules.bool(TCP_NODELAY));
        rules.put(KEEPALIVE, Rules.bool(KEEPALIVE));
        rules.put(SEND_RESET, Rules.bool(SEND_RESET));
        rules.put(LINGER_TIMEOUT, Rules.duration(LINGER_TIMEOUT, Duration.ZERO, Duration.ofMinutes(10)));
        rules.put(WORKER_CPU_AFFINITY, Rules.cpuAffinity(WORKER_CPU_AFFINITY));
        rules.put(METRICS, Rules.socketAddressOrOff(METRICS));
        rules.put(LOG_FORMAT, Rules.logFormat(LOG_FORMAT));
        rules.put(UDP_LOOP_GUARD, Rules.bool(UDP_LOOP_GUARD));
        rules.put(UDP_RATE_PER_SOURCE, Rules.rate(UDP_RATE_PER_SOURCE));
        rules.put(UDP_RATE_PER_WORKER, Rules.rate(UDP_RATE_PER_WORKER));
        rules.put(ACCESS, Rules.access(ACCESS));
        rules.put(MAX_CONNECTIONS_PER_IP, Rules.wholeNumber(MAX_CONNECTIONS_PER_IP, 0, MAX_MAX_CONNECTIONS));
        rules.put(CONNECT_RATE_PER_IP, Rules.rate(CONNECT_RATE_PER_IP));
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
