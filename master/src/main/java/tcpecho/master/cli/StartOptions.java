package tcpecho.master.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import tcpecho.config.Keys;
import tcpecho.config.ListenFlags;

/** The settings only {@code start} (and {@code check}, to show their effect) take as flags. */
final class StartOptions {
    @Option(names = {"-b", "--bind"}, paramLabel = "ADDR", description = "Address to listen on (default: all interfaces).")
    String bind;

    @Option(names = {"-w", "--workers"}, paramLabel = "N|auto", description = "Worker count (default: auto = CPU count).")
    String workers;

    @Option(names = "--pid-file", paramLabel = "PATH", description = "Pid file (default: next to the control socket).")
    Path pidFile;

    @Option(names = "--log-file", paramLabel = "PATH", description = "Log file (default: standard output).")
    Path logFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "debug, info, warn or error (default: info).")
    String logLevel;

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
            description = "Close connections silent this long, e.g. 5m (default: 0s = never).")
    String idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections per worker before it stops accepting (default: 10000; 0 = no limit).")
    String maxConnections;

    @Option(names = "--backlog", paramLabel = "N", description = "listen() backlog (default: 4096).")
    String backlog;

    @Option(names = "--max-unsent", paramLabel = "SIZE",
            description = "Unsent echo bytes held per connection, e.g. 64KiB (default: 64KiB).")
    String maxUnsent;

    @Option(names = "--tcp-nodelay", paramLabel = "true|false", description = "TCP_NODELAY on connections (default: true).")
    String tcpNoDelay;

    @Option(names = "--keepalive", paramLabel = "true|false", description = "SO_KEEPALIVE on connections (default: false).")
    String keepAlive;

    @Option(names = "--send-reset", paramLabel = "true|false",
            description = "Close idle-timed-out connections, and those closed at accept by the per-IP limits, with RST"
                    + " instead of FIN (default: false).")
    String sendReset;

    @Option(names = "--linger-timeout", paramLabel = "DURATION",
            description = "After closing a connection with FIN, wait this long for the client to close (default: 5s).")
    String lingerTimeout;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION",
            description = "On stop, how long workers may finish open connections (default: 10s).")
    String shutdownTimeout;

    @Option(names = "--ready-timeout", paramLabel = "DURATION",
            description = "How long a new worker may take to report READY (default: 10s).")
    String readyTimeout;

    @Option(names = "--drain-timeout", paramLabel = "DURATION",
            description = "On reload, how long old workers' connections may finish (default: 30s).")
    String drainTimeout;

    @Option(names = "--worker-timeout", paramLabel = "DURATION",
            description = "Kill and replace a worker silent this long (default: 30s).")
    String workerTimeout;

    @Option(names = "--worker-cpu-affinity", paramLabel = "off|auto|LIST",
            description = "Pin workers to CPUs: off, auto or a list like 0,1 (default: off).")
    String workerCpuAffinity;

    @Option(names = "--metrics", paramLabel = "ENDPOINT",
            description = "Serve Prometheus metrics over HTTP at /metrics on ENDPOINT, an ADDRESS:PORT such as"
                    + " 127.0.0.1:9145 (default: off).")
    String metrics;

    @Option(names = "--log-format", paramLabel = "plain|json", description = "Log line format (default: plain).")
    String logFormat;

    @Option(names = "--udp-loop-guard", paramLabel = "true|false",
            description = "UDP: drop datagrams from source port 0 and from ports of services known to loop or amplify"
                    + " (echo, chargen, dns, ntp, ...) (default: true).")
    String udpLoopGuard;

    @Option(names = "--udp-rate-per-source", paramLabel = "RATE",
            description = "UDP: replies per second (N/s) or minute (N/m) to one source address, per worker; off for"
                    + " no limit (default: 100/s).")
    String udpRatePerSource;

    @Option(names = "--udp-rate-per-worker", paramLabel = "RATE",
            description = "UDP: replies one worker sends over all sources, N/s or N/m; off for no limit"
                    + " (default: 10000/s).")
    String udpRatePerWorker;

    @Option(names = "--access", paramLabel = "RULES",
            description = "Who may use listeners without access rules of their own: rules like \"allow 10.0.0.0/8,"
                    + " deny all\", checked in order, the first match wins (default: everyone).")
    String access;
    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            description = "TCP: open connections one client address may hold on a listener, over all workers (each"
                    + " worker allows its share, rounded up); more are closed at accept; 0 for no limit (default: 0)."
                    + " A listener's own key overrides it.")
    String maxConnectionsPerIp;

    @Option(names = "--connect-rate-per-ip", paramLabel = "RATE",
            description = "TCP: new connections one client address may open on a listener, N/s or N/m; more are closed"
                    + " at accept; off for no limit (default: off). A listener's own key overrides it.")
    String connectRatePerIp;

    @Option(names = "--listen", paramLabel = "SPEC",
            description = "A listener, repeatable: PROTOCOL:[ADDRESS:]PORT or proxy:[ADDRESS:]PORT=HOST:PORT; PROTOCOL is"
                    + " echo, echo-udp, daytime, discard, chargen or proxy; an IPv6 ADDRESS goes in brackets. Replaces"
                    + " the config file's listener tables; without any, -p/-b give one echo listener.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--dump", description = "Log every byte proxy listeners relay, both ways (dump = \"log\").")
    boolean dump;

    ListenFlags listenFlags() {
        return new ListenFlags(listen, dump);
    }

    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        putIfSet(flags, Keys.BIND, bind);
        putIfSet(flags, Keys.WORKERS, workers);
        putIfSet(flags, Keys.PID_FILE, pidFile);
        putIfSet(flags, Keys.LOG_FILE, logFile);
        putIfSet(flags, Keys.LOG_LEVEL, logLevel);
        putIfSet(flags, Keys.IDLE_TIMEOUT, idleTimeout);
        putIfSet(flags, Keys.MAX_CONNECTIONS, maxConnections);
        putIfSet(flags, Keys.BACKLOG, backlog);
        putIfSet(flags, Keys.MAX_UNSENT, maxUnsent);
        putIfSet(flags, Keys.TCP_NODELAY, tcpNoDelay);
        putIfSet(flags, Keys.KEEPALIVE, keepAlive);
        putIfSet(flags, Keys.SEND_RESET, sendReset);
        putIfSet(flags, Keys.LINGER_TIMEOUT, lingerTimeout);
        putIfSet(flags, Keys.SHUTDOWN_TIMEOUT, shutdownTimeout);
        putIfSet(flags, Keys.READY_TIMEOUT, readyTimeout);
        putIfSet(flags, Keys.DRAIN_TIMEOUT, drainTimeout);
        putIfSet(flags, Keys.WORKER_TIMEOUT, workerTimeout);
        putIfSet(flags, Keys.WORKER_CPU_AFFINITY, workerCpuAffinity);
        putIfSet(flags, Keys.METRICS, metrics);
        putIfSet(flags, Keys.LOG_FORMAT, logFormat);
        putIfSet(flags, Keys.UDP_LOOP_GUARD, udpLoopGuard);
        putIfSet(flags, Keys.UDP_RATE_PER_SOURCE, udpRatePerSource);
        putIfSet(flags, Keys.UDP_RATE_PER_WORKER, udpRatePerWorker);
        putIfSet(flags, Keys.ACCESS, access);
        putIfSet(flags, Keys.MAX_CONNECTIONS_PER_IP, maxConnectionsPerIp);
        putIfSet(flags, Keys.CONNECT_RATE_PER_IP, connectRatePerIp);
        return flags;
    }

    private static void putIfSet(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
