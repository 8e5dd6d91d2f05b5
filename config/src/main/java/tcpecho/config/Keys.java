package tcpecho.config;

import java.util.Locale;

/** The config keys' names, for the code that reads their values; {@link SettingRows} says what they are. */
public final class Keys {
    public static final String PORT = "port";
    public static final String BIND = "bind";
    public static final String WORKERS = "workers";
    public static final String CONTROL_SOCKET = "control-socket";
    public static final String PID_FILE = "pid-file";
    public static final String LOG_FILE = "log-file";
    public static final String LOG_LEVEL = "log-level";
    public static final String SHUTDOWN_TIMEOUT = "shutdown-timeout";
    public static final String READY_TIMEOUT = "ready-timeout";
    public static final String DRAIN_TIMEOUT = "drain-timeout";
    public static final String WORKER_TIMEOUT = "worker-timeout";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String MAX_CONNECTIONS = "max-connections";
    public static final String BACKLOG = "backlog";
    public static final String MAX_UNSENT = "max-unsent";
    public static final String TCP_NODELAY = "tcp-nodelay";
    public static final String KEEPALIVE = "keepalive";
    public static final String SEND_RESET = "send-reset";
    public static final String LINGER_TIMEOUT = "linger-timeout";
    public static final String WORKER_CPU_AFFINITY = "worker-cpu-affinity";
    public static final String METRICS = "metrics";
    public static final String LOG_FORMAT = "log-format";
    public static final String UDP_LOOP_GUARD = "udp-loop-guard";
    public static final String UDP_RATE_PER_SOURCE = "udp-rate-per-source";
    public static final String UDP_RATE_PER_WORKER = "udp-rate-per-worker";
    public static final String ACCESS = "access";
    public static final String MAX_CONNECTIONS_PER_IP = "max-connections-per-ip";
    public static final String CONNECT_RATE_PER_IP = "connect-rate-per-ip";

    /** Heroku-style platforms hand the app its port in {@code PORT}; {@code TCP_ECHO_PORT} beats it. */
    public static final String PLATFORM_PORT_ENV = "PORT";

    private static final String ENV_PREFIX = "TCP_ECHO_";

    private Keys() {
    }

    /** {@code log-level} becomes {@code TCP_ECHO_LOG_LEVEL}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code log-level} becomes {@code --log-level}. */
    public static String flagName(String key) {
        return "--" + key;
    }
}
