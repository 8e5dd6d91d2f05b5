package tcpecho.common.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;

/**
 * Everything a worker JVM is told at spawn, typed. On the command line each setting keeps the name a
 * user gives it ({@code --max-unsent}); the master writes them from its setting rows and {@link
 * #launchArgs}, the worker reads them back with {@link #parse}. The worker has no default of its own:
 * every argument but {@code --log-file} is required, and one it does not know is refused.
 *
 * @param maxUnsent        unsent echo bytes one connection may hold before it stops reading
 * @param udpRatePerWorker replies the worker sends over all sources and UDP listeners (each echo-udp
 *                         listener's own guard and per-source rate travel in its options)
 */
public record WorkerArgs(
        int slot,
        long generation,
        Path controlSocket,
        List<InheritedListener> listeners,
        Level logLevel,
        Path logFile,
        long heartbeatMillis,
        int maxUnsent,
        ConnectionLimits limits,
        LogFormat logFormat,
        Rate udpRatePerWorker) {

    public static final String MAIN_CLASS = "tcpecho.worker.WorkerMain";

    private static final String SLOT = "slot";
    private static final String GENERATION = "generation";
    private static final String CONTROL = "control";
    private static final String HEARTBEAT = "heartbeat-ms";
    private static final String LISTENER = "listener";
    private static final String LOG_LEVEL = "log-level";
    private static final String LOG_FILE = "log-file";
    private static final String LOG_FORMAT = "log-format";
    private static final String MAX_UNSENT = "max-unsent";
    private static final String IDLE_TIMEOUT = "idle-timeout";
    private static final String MAX_CONNECTIONS = "max-connections";
    private static final String TCP_NODELAY = "tcp-nodelay";
    private static final String KEEPALIVE = "keepalive";
    private static final String SEND_RESET = "send-reset";
    private static final String LINGER_TIMEOUT = "linger-timeout";
    private static final String UDP_RATE_PER_WORKER = "udp-rate-per-worker";

    public WorkerArgs {
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(udpRatePerWorker, "udpRatePerWorker");
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one listener");
        }
        if (maxUnsent < 1) {
            throw new IllegalArgumentException("max-unsent must be at least 1 byte, got " + maxUnsent);
        }
    }

    /** The arguments that say which worker this is rather than how it serves: no setting row has them. */
    public static List<String> launchArgs(int slot, long generation, Path controlSocket, long heartbeatMillis,
                                          List<InheritedListener> listeners) {
        List<String> args = new ArrayList<>(List.of(
                "--" + SLOT, Integer.toString(slot),
                "--" + GENERATION, Long.toString(generation),
                "--" + CONTROL, controlSocket.toString(),
                "--" + HEARTBEAT, Long.toString(heartbeatMillis)));
        for (InheritedListener listener : listeners) {
            args.add("--" + LISTENER);
            args.add(listener.encode());
        }
        return args;
    }

    /**
     * This record's command line. The master writes the setting arguments from its rows instead
     * (MasterWorkerArgsTest holds the two to the same result); this form serves tests that start a
     * worker without a master.
     */
    public List<String> toArgs() {
        List<String> args = launchArgs(slot, generation, controlSocket, heartbeatMillis, listeners);
        add(args, LOG_LEVEL, logLevel);
        if (logFile != null) {
            add(args, LOG_FILE, logFile);
        }
        add(args, LOG_FORMAT, logFormat);
        add(args, MAX_UNSENT, maxUnsent);
        add(args, IDLE_TIMEOUT, Duration.ofMillis(limits.idleTimeoutMillis()));
        add(args, MAX_CONNECTIONS, limits.maxConnections());
        add(args, TCP_NODELAY, limits.tcpNoDelay());
        add(args, KEEPALIVE, limits.keepAlive());
        add(args, SEND_RESET, limits.sendReset());
        add(args, LINGER_TIMEOUT, Duration.ofMillis(limits.lingerTimeoutMillis()));
        add(args, UDP_RATE_PER_WORKER, udpRatePerWorker);
        return args;
    }

    private static void add(List<String> args, String name, Object value) {
        args.add("--" + name);
        args.add(WorkerArgValue.encode(value));
    }

    /** Reads what the master wrote; an unknown, missing, repeated or malformed argument throws naming it. */
    public static WorkerArgs parse(String[] argv) {
        WorkerArgReader in = new WorkerArgReader(argv);
        String slot = in.required(SLOT);
        String generation = in.required(GENERATION);
        String control = in.required(CONTROL);
        String heartbeat = in.required(HEARTBEAT);
        List<String> listeners = in.repeated(LISTENER);
        String level = in.required(LOG_LEVEL);
        String logFile = in.optional(LOG_FILE);
        String format = in.required(LOG_FORMAT);
        String maxUnsent = in.required(MAX_UNSENT);
        String[] limits = {in.required(IDLE_TIMEOUT), in.required(MAX_CONNECTIONS), in.required(TCP_NODELAY),
                in.required(KEEPALIVE), in.required(SEND_RESET), in.required(LINGER_TIMEOUT)};
        String udpRatePerWorker = in.required(UDP_RATE_PER_WORKER);
        in.finish();
        return new WorkerArgs(WorkerArgValue.integer(SLOT, slot), WorkerArgValue.whole(GENERATION, generation),
                WorkerArgValue.path(control), listeners.stream().map(InheritedListener::decode).toList(),
                WorkerArgValue.level(LOG_LEVEL, level), logFile == null ? null : WorkerArgValue.path(logFile),
                WorkerArgValue.whole(HEARTBEAT, heartbeat), WorkerArgValue.integer(MAX_UNSENT, maxUnsent),
                connectionLimits(limits), WorkerArgValue.logFormat(LOG_FORMAT, format),
                WorkerArgValue.rate(UDP_RATE_PER_WORKER, udpRatePerWorker));
    }

    private static ConnectionLimits connectionLimits(String[] text) {
        return new ConnectionLimits(WorkerArgValue.millis(IDLE_TIMEOUT, text[0]),
                WorkerArgValue.integer(MAX_CONNECTIONS, text[1]), WorkerArgValue.bool(TCP_NODELAY, text[2]),
                WorkerArgValue.bool(KEEPALIVE, text[3]), WorkerArgValue.bool(SEND_RESET, text[4]),
                WorkerArgValue.millis(LINGER_TIMEOUT, text[5]));
    }
}
