package tcpecho.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.listener.EchoUdpOptions;
import tcpecho.common.launch.Rate;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;
import tcpecho.common.net.AccessList;
import tcpecho.common.text.TextTable;
import tcpecho.common.tls.CertificateSummary;
import tcpecho.common.tls.ServerTls;
import tcpecho.common.tls.TlsFileException;
import tcpecho.common.tls.TlsOptions;

/** A master's effective settings, each with where it came from. Immutable. */
public final class Settings {
    private final SettingRows rows;
    private final Path configFile;
    private final Map<String, Setting<?>> byKey;
    private final List<Listener> listeners;
    private final boolean listenersDeclared;

    /** @param listenersDeclared whether the listeners came from --listen or [[listener]], not from port */
    Settings(SettingRows rows, Path configFile, Map<String, Setting<?>> byKey, List<Listener> listeners,
             boolean listenersDeclared) {
        for (String key : rows.keys()) {
            if (!byKey.containsKey(key)) {
                throw new IllegalArgumentException("no value for " + key);
            }
        }
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("no listener");
        }
        this.rows = rows;
        this.configFile = configFile;
        this.listeners = List.copyOf(listeners);
        this.listenersDeclared = listenersDeclared;
        this.byKey = new LinkedHashMap<>();
        rows.keys().forEach(key -> this.byKey.put(key, byKey.get(key)));
    }

    public int port() {
        return value(Keys.PORT, Integer.class);
    }

    /** {@code "*"} for all interfaces, else the literal address as written. */
    public String bind() {
        return value(Keys.BIND, String.class);
    }

    /** The address to bind, or null for {@code "*"}: the wildcard, which is IPv4 and IPv6 dual stack. */
    public InetAddress bindAddress() {
        return bind().equals("*") ? null : BindAddresses.literal(bind());
    }

    /** The worker count, {@code auto} already resolved. */
    public int workers() {
        return value(Keys.WORKERS, Integer.class);
    }

    /** {@code auto} or the number as written. */
    public String workersText() {
        return setting(Keys.WORKERS).text();
    }

    public Path controlSocket() {
        return value(Keys.CONTROL_SOCKET, Path.class);
    }

    public Path pidFile() {
        return value(Keys.PID_FILE, Path.class);
    }

    /** The log file, or null to log to stdout. */
    public Path logFile() {
        return value(Keys.LOG_FILE, Path.class);
    }

    public Level logLevel() {
        return value(Keys.LOG_LEVEL, Level.class);
    }

    public Duration shutdownTimeout() {
        return value(Keys.SHUTDOWN_TIMEOUT, Duration.class);
    }

    public Duration readyTimeout() {
        return value(Keys.READY_TIMEOUT, Duration.class);
    }

    public Duration drainTimeout() {
        return value(Keys.DRAIN_TIMEOUT, Duration.class);
    }

    public Duration workerTimeout() {
        return value(Keys.WORKER_TIMEOUT, Duration.class);
    }

    /** The listen() backlog of each listening socket. */
    public int backlog() {
        return value(Keys.BACKLOG, Integer.class);
    }

    /** Which CPU each worker is pinned to; {@link CpuAffinity#OFF} by default. */
    public CpuAffinity workerCpuAffinity() {
        return value(Keys.WORKER_CPU_AFFINITY, CpuAffinity.class);
    }

    /** Where the Prometheus metrics endpoint listens, or null when it is off (the default). */
    public InetSocketAddress metrics() {
        return value(Keys.METRICS, InetSocketAddress.class);
    }

    public LogFormat logFormat() {
        return value(Keys.LOG_FORMAT, LogFormat.class);
    }

    /** Who may use the listeners that have no {@code access} of their own; empty allows everyone. */
    public AccessList access() {
        return value(Keys.ACCESS, AccessList.class);
    }

    /**
     * The warning for a start or reload with a UDP listener whose {@code udp-loop-guard} is false (its
     * own or the top-level one), or null: it answers loop-prone source ports, which a lab may want and
     * the internet must not see.
     */
    public String loopGuardWarning() {
        List<String> off = new ArrayList<>();
        for (Listener l : listeners) {
            if (l.options().protocol() instanceof EchoUdpOptions udp && !udp.loopGuard()) {
                boolean own = l.declared().contains(Keys.UDP_LOOP_GUARD);
                off.add(l.name() + " (" + (own ? l.origin() : setting(Keys.UDP_LOOP_GUARD).where()) + ")");
            }
        }
        if (off.isEmpty()) {
            return null;
        }
        return "udp-loop-guard is off for " + String.join(", ", off) + ": datagrams from the ports of echo, chargen,"
                + " dns, ntp and other services known to loop or amplify are answered; for labs only (datagrams from"
                + " our own sockets are still dropped)";
    }

    /**
     * What the workers serve, in declaration order: the {@code --listen} flags, else the file's
     * {@code [[listener]]} tables, else one echo listener named {@code echo} on {@code bind:port}.
     */
    public List<Listener> listeners() {
        return listeners;
    }

    /** The config file read, or null when none was given. */
    public Path configFile() {
        return configFile;
    }

    /** One key's setting; throws IllegalArgumentException for a key that has no row. */
    public Setting<?> setting(String key) {
        Setting<?> setting = byKey.get(key);
        if (setting == null) {
            throw new IllegalArgumentException(UnknownKeys.message(key, rows.keys()));
        }
        return setting;
    }

    /** Every setting in its rows' order. */
    public List<Setting<?>> all() {
        return List.copyOf(byKey.values());
    }

    /**
     * The settings' part of a worker's command line: {@code --KEY VALUE} for each row that applies
     * to the worker, in row order ({@link tcpecho.common.launch.WorkerArgs#parse} reads them back).
     */
    public List<String> workerArguments() {
        List<String> args = new ArrayList<>();
        for (SettingRow row : rows.all()) {
            args.addAll(row.workerArgument(byKey.get(row.key()).value()));
        }
        return args;
    }

    /** The table {@code tcp-echo-master check} prints: key, value, source, in aligned columns. */
    public String describe() {
        TextTable table = new TextTable("KEY", "VALUE", "SOURCE");
        for (Setting<?> s : byKey.values()) {
            // With listeners declared, port only names files: say so where a reader looks for it.
            String shown = shown(s, rows.row(s.key()));
            String value = listenersDeclared && s.key().equals(Keys.PORT) ? shown + " (not a listener)" : shown;
            table.row(s.key(), value, s.where());
        }
        StringBuilder out = new StringBuilder();
        out.append("# config file: ").append(configFile == null ? "(none)" : configFile).append('\n');
        out.append(table).append('\n');
        if (unusedPortNote() != null) {
            out.append("# ").append(unusedPortNote()).append('\n');
        }
        out.append(describeListeners());
        certificateNotes(Instant.now()).forEach(note -> out.append("# ").append(note).append('\n'));
        return out.toString();
    }

    /**
     * One line per TLS listener naming its certificate's subject, serial and expiry, each followed by
     * a {@code warning:} line when it expires within 14 days of {@code now}: what {@code check} prints.
     */
    public List<String> certificateNotes(Instant now) {
        List<String> notes = new ArrayList<>();
        for (Listener l : listeners) {
            TlsOptions tls = l.options().tcp().tls();
            if (tls == null) {
                continue;
            }
            try {
                CertificateSummary cert = CertificateSummary.of(ServerTls.load(tls).leaf());
                notes.add("listener '" + l.name() + "': certificate " + cert.subject() + ", serial " + cert.serial()
                        + ", expires " + cert.notAfter());
                String warning = cert.warning(now);
                if (warning != null) {
                    notes.add("warning: listener '" + l.name() + "': " + warning);
                }
            } catch (TlsFileException e) {
                notes.add("warning: listener '" + l.name() + "': " + e.getMessage());
            }
        }
        return notes;
    }

    /**
     * Why a {@code port} that was set serves nothing, or null: with declared listeners it only names
     * the control socket and pid file, which {@code -p 9000 --listen daytime:13} may not expect.
     */
    public String unusedPortNote() {
        Setting<?> port = setting(Keys.PORT);
        if (!listenersDeclared || port.source() == Source.DEFAULT) {
            return null;
        }
        return "port " + port.text() + " (" + port.where() + ") is no listener, as listeners are declared; it names"
                + " the control socket and pid file";
    }

    /** The listeners as {@code check} prints them: name, protocol, endpoint, options, source. */
    public String describeListeners() {
        TextTable table = new TextTable("LISTENER", "PROTOCOL", "ENDPOINT", "OPTIONS", "SOURCE");
        for (Listener l : listeners) {
            String options = l.shownOptions().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(" "));
            table.row(l.name(), l.protocol().label(), l.protocol().transport() + " " + l.endpoint(),
                    options.isEmpty() ? "-" : options, l.origin());
        }
        return table.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The value as check shows it: {@code auto (4)} for a resolved auto, {@code "" (stdout)} for a meaningful empty. */
    private static String shown(Setting<?> s, SettingRow row) {
        if (s.text().equals("auto") && s.value() instanceof Integer) {
            return "auto (" + s.value() + ")";
        }
        if (s.text().isEmpty() && row.emptyMeans() != null) {
            return "\"\" (" + row.emptyMeans() + ")";
        }
        return s.text();
    }

    private <T> T value(String key, Class<T> type) {
        return type.cast(setting(key).value());
    }
}
