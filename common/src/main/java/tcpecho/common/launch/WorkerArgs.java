package tcpecho.common.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tcpecho.common.log.LogFormat;

/**
 * Everything a worker JVM is told at spawn, and its command-line form. The master builds it with
 * {@link #toArgs()}, the worker reads it back with {@link #parse}; keeping both directions here
 * means the two sides cannot drift apart.
 */
public record WorkerArgs(
        int slot,
        long generation,
        Path controlSocket,
        List<InheritedListener> listeners,
        String logLevel,
        Path logFile,
        long heartbeatMillis,
        int maxPendingBytes,
        ConnectionLimits limits,
        LogFormat logFormat,
        DatagramLimits datagrams) {

    public static final String MAIN_CLASS = "tcpecho.worker.WorkerMain";
    public static final int DEFAULT_MAX_PENDING_BYTES = 64 * 1024;
    public static final long DEFAULT_HEARTBEAT_MILLIS = 1000;

    public WorkerArgs {
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(datagrams, "datagrams");
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one listener");
        }
    }

    /** With the default UDP limits. */
    public WorkerArgs(int slot, long generation, Path controlSocket, List<InheritedListener> listeners, String logLevel,
                      Path logFile, long heartbeatMillis, int maxPendingBytes, ConnectionLimits limits,
                      LogFormat logFormat) {
        this(slot, generation, controlSocket, listeners, logLevel, logFile, heartbeatMillis, maxPendingBytes, limits,
                logFormat, DatagramLimits.DEFAULTS);
    }

    /** With plain log lines. */
    public WorkerArgs(int slot, long generation, Path controlSocket, List<InheritedListener> listeners, String logLevel,
                      Path logFile, long heartbeatMillis, int maxPendingBytes, ConnectionLimits limits) {
        this(slot, generation, controlSocket, listeners, logLevel, logFile, heartbeatMillis, maxPendingBytes, limits,
                LogFormat.PLAIN);
    }

    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--slot", Integer.toString(slot),
                "--generation", Long.toString(generation),
                "--control", controlSocket.toString(),
                "--log-level", logLevel,
                "--heartbeat-ms", Long.toString(heartbeatMillis),
                "--max-pending", Integer.toString(maxPendingBytes)));
        args.addAll(limits.toArgs());
        args.addAll(datagrams.toArgs());
        if (logFormat != LogFormat.PLAIN) {
            args.add("--log-format");
            args.add(logFormat.label());
        }
        if (logFile != null) {
            args.add("--log-file");
            args.add(logFile.toString());
        }
        for (InheritedListener listener : listeners) {
            args.add("--listener");
            args.add(listener.encode());
        }
        return args;
    }

    /** Parses what {@link #toArgs()} wrote; a bad argument throws with its name. */
    public static WorkerArgs parse(String[] args) {
        int slot = 0;
        long generation = 0;
        Path control = null;
        String level = "info";
        Path logFile = null;
        long heartbeat = DEFAULT_HEARTBEAT_MILLIS;
        int maxPending = DEFAULT_MAX_PENDING_BYTES;
        ConnectionLimits limits = ConnectionLimits.DEFAULTS;
        LogFormat format = LogFormat.PLAIN;
        DatagramLimits datagrams = DatagramLimits.DEFAULTS;
        List<InheritedListener> listeners = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--slot" -> slot = Integer.parseInt(value);
                case "--generation" -> generation = Long.parseLong(value);
                case "--control" -> control = Path.of(value);
                case "--log-level" -> level = value;
                case "--log-file" -> logFile = Path.of(value);
                case "--log-format" -> {
                    format = LogFormat.parse(value);
                    if (format == null) {
                        throw new IllegalArgumentException("--log-format must be one of " + LogFormat.accepted()
                                + " (got " + value + ")");
                    }
                }
                case "--heartbeat-ms" -> heartbeat = Long.parseLong(value);
                case "--max-pending" -> maxPending = Integer.parseInt(value);
                case "--listener" -> listeners.add(InheritedListener.decode(value));
                default -> {
                    ConnectionLimits connection = limits.with(args[i], value);
                    DatagramLimits datagram = connection == null ? datagrams.with(args[i], value) : datagrams;
                    if (connection == null && datagram == null) {
                        throw new IllegalArgumentException("unknown worker option " + args[i]);
                    }
                    limits = connection == null ? limits : connection;
                    datagrams = datagram;
                }
            }
        }
        return new WorkerArgs(slot, generation, control, listeners, level, logFile, heartbeat, maxPending, limits, format,
                datagrams);
    }
}
