package tcpecho.config;

import static tcpecho.config.SettingRow.Scope.LISTENER;
import static tcpecho.config.SettingRow.Scope.MASTER;
import static tcpecho.config.SettingRow.Scope.WORKER;

import java.time.Duration;
import java.util.List;

/**
 * This server's settings, one row each, in the order {@code check} prints them and the sample config
 * lists them. Adding a setting means adding its row here and the code that uses its value.
 */
final class StandardRows {
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

    private static final String BOOLEAN = "true|false";

    private StandardRows() {
    }

    static List<SettingRow> all() {
        return List.of(
                SettingRow.of(Keys.PORT, k -> Rules.wholeNumber(k, 1, 65535)).byDefault("8090")
                        .appliesTo(MASTER, LISTENER).shortFlag("-p").onEveryCommand().helpDefault("env PORT, config, {}")
                        .flag("PORT", "Port of the echo listener when no --listen or listener table is given; also"
                                + " names the default control socket and pid file"),
                SettingRow.of(Keys.BIND, Rules::bindAddress).byDefault("*").appliesTo(MASTER, LISTENER)
                        .shortFlag("-b").helpDefault("all interfaces").flag("ADDR", "Address to listen on"),
                SettingRow.perMachine(Keys.WORKERS, (k, cpus) -> Rules.countOrAuto(k, 1, MAX_WORKERS, cpus))
                        .byDefault("auto").appliesTo(MASTER).shortFlag("-w").helpDefault("{} = CPU count")
                        .flag("N|auto", "Worker count"),
                SettingRow.of(Keys.CONTROL_SOCKET, k -> Rules.path(k, false, MAX_SOCKET_PATH_BYTES))
                        .derivedDefault((port, dir) -> dir.resolve("control-" + port + ".sock").toString())
                        .appliesTo(MASTER).onEveryCommand().helpDefault(null)
                        .flag("PATH", "The master's Unix control socket"),
                SettingRow.of(Keys.PID_FILE, k -> Rules.path(k, false, 0))
                        .derivedDefault((port, dir) -> dir.resolve("master-" + port + ".pid").toString())
                        .appliesTo(MASTER).helpDefault("next to the control socket").flag("PATH", "Pid file"),
                SettingRow.of(Keys.LOG_FILE, k -> Rules.path(k, true, 0)).byDefault("").appliesTo(MASTER, WORKER)
                        .emptyMeans("stdout").helpDefault("standard output").flag("PATH", "Log file"),
                SettingRow.of(Keys.LOG_LEVEL, Rules::level).byDefault("info").appliesTo(MASTER, WORKER)
                        .flag("LEVEL", "debug, info, warn or error"),
                timeout(Keys.SHUTDOWN_TIMEOUT, "10s", Duration.ZERO, Duration.ofHours(1), MASTER,
                        "On stop, how long workers may finish open connections"),
                timeout(Keys.READY_TIMEOUT, "10s", Duration.ofSeconds(1), Duration.ofMinutes(5), MASTER,
                        "How long a new worker may take to report READY"),
                timeout(Keys.DRAIN_TIMEOUT, "30s", Duration.ZERO, Duration.ofHours(24), MASTER,
                        "On reload, how long old workers' connections may finish"),
                timeout(Keys.WORKER_TIMEOUT, "30s", Duration.ofSeconds(2), Duration.ofHours(1), MASTER,
                        "Kill and replace a worker silent this long"),
                SettingRow.of(Keys.IDLE_TIMEOUT, k -> Rules.duration(k, Duration.ZERO, Duration.ofHours(24)))
                        .byDefault("0s").appliesTo(WORKER).helpDefault("{} = never")
                        .flag("DURATION", "Close connections silent this long, e.g. 5m"),
                SettingRow.of(Keys.MAX_CONNECTIONS, k -> Rules.wholeNumber(k, 0, MAX_MAX_CONNECTIONS))
                        .byDefault("10000").appliesTo(WORKER).helpDefault("{}; 0 = no limit")
                        .flag("N", "Open connections per worker before it stops accepting"),
                SettingRow.of(Keys.BACKLOG, k -> Rules.wholeNumber(k, 1, MAX_BACKLOG)).byDefault("4096")
                        .appliesTo(MASTER).flag("N", "listen() backlog"),
                SettingRow.of(Keys.MAX_UNSENT, k -> Rules.size(k, Sizes.KIB, 16 * Sizes.MIB)).byDefault("64KiB")
                        .appliesTo(WORKER).flag("SIZE", "Unsent echo bytes held per connection, e.g. 64KiB"),
                SettingRow.of(Keys.TCP_NODELAY, Rules::bool).byDefault("true").appliesTo(WORKER)
                        .flag(BOOLEAN, "TCP_NODELAY on connections"),
                SettingRow.of(Keys.KEEPALIVE, Rules::bool).byDefault("false").appliesTo(WORKER)
                        .flag(BOOLEAN, "SO_KEEPALIVE on connections"),
                SettingRow.of(Keys.SEND_RESET, Rules::bool).byDefault("false").appliesTo(WORKER)
                        .flag(BOOLEAN, "Close idle-timed-out connections, and those closed at accept by the per-IP"
                                + " limits, with RST instead of FIN"),
                timeout(Keys.LINGER_TIMEOUT, "5s", Duration.ZERO, Duration.ofMinutes(10), WORKER,
                        "After closing a connection with FIN, wait this long for the client to close"),
                SettingRow.of(Keys.WORKER_CPU_AFFINITY, Rules::cpuAffinity).byDefault("off").appliesTo(MASTER)
                        .flag("off|auto|LIST", "Pin workers to CPUs: off, auto or a list like 0,1"),
                SettingRow.of(Keys.METRICS, Rules::socketAddressOrOff).byDefault("").appliesTo(MASTER)
                        .emptyMeans("off").helpDefault("off")
                        .flag("ENDPOINT", "Serve Prometheus metrics over HTTP at /metrics on ENDPOINT, an"
                                + " ADDRESS:PORT such as 127.0.0.1:9145"),
                SettingRow.of(Keys.LOG_FORMAT, Rules::logFormat).byDefault("plain").appliesTo(MASTER, WORKER)
                        .flag("plain|json", "Log line format"),
                SettingRow.of(Keys.UDP_LOOP_GUARD, Rules::bool).byDefault("true").appliesTo(LISTENER)
                        .flag(BOOLEAN, "UDP: drop datagrams from source port 0 and from ports of services known to"
                                + " loop or amplify (echo, chargen, dns, ntp, ...)"),
                SettingRow.of(Keys.UDP_RATE_PER_SOURCE, Rules::rate).byDefault("100/s").appliesTo(LISTENER)
                        .flag("RATE", "UDP: replies per second (N/s) or minute (N/m) to one source address, per"
                                + " worker; off for no limit"),
                SettingRow.of(Keys.UDP_RATE_PER_WORKER, Rules::rate).byDefault("10000/s").appliesTo(WORKER)
                        .flag("RATE", "UDP: replies one worker sends over all sources, N/s or N/m; off for no limit"),
                SettingRow.of(Keys.ACCESS, Rules::access).byDefault("").appliesTo(LISTENER).emptyMeans("everyone")
                        .helpDefault("everyone")
                        .flag("RULES", "Who may use listeners without access rules of their own: rules like"
                                + " \"allow 10.0.0.0/8, deny all\", checked in order, the first match wins"),
                SettingRow.of(Keys.MAX_CONNECTIONS_PER_IP, k -> Rules.wholeNumber(k, 0, MAX_MAX_CONNECTIONS))
                        .byDefault("0").appliesTo(LISTENER).helpTail("A listener's own key overrides it.")
                        .flag("N", "TCP: open connections one client address may hold on a listener, over all"
                                + " workers (each worker allows its share, rounded up); more are closed at accept; 0"
                                + " for no limit"),
                SettingRow.of(Keys.CONNECT_RATE_PER_IP, Rules::rate).byDefault("off").appliesTo(LISTENER)
                        .helpTail("A listener's own key overrides it.")
                        .flag("RATE", "TCP: new connections one client address may open on a listener, N/s or N/m;"
                                + " more are closed at accept; off for no limit"));
    }

    private static SettingRow timeout(String key, String byDefault, Duration min, Duration max, SettingRow.Scope scope,
                                      String help) {
        return SettingRow.of(key, k -> Rules.duration(k, min, max)).byDefault(byDefault).appliesTo(scope)
                .flag("DURATION", help);
    }
}
