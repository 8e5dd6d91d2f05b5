package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;
import tcpecho.config.Keys;
import tcpecho.config.Settings;
import tcpecho.config.SettingsLoader;

/**
 * The master writes a worker's settings from its rows and the worker reads them into its typed record:
 * every value a user can set arrives as set, and nothing the worker does not know is sent.
 */
class WorkerArgsFactoryTest {
    private static final List<InheritedListener> LISTENERS = List.of(new InheritedListener(3, Protocol.ECHO, "inet", "echo"));

    @Test
    void everyWorkerSettingArrivesAsSet() throws Exception {
        Map<String, String> flags = Map.ofEntries(Map.entry(Keys.LOG_LEVEL, "debug"),
                Map.entry(Keys.LOG_FILE, "/tmp/w.log"), Map.entry(Keys.LOG_FORMAT, "json"),
                Map.entry(Keys.MAX_UNSENT, "1MiB"), Map.entry(Keys.IDLE_TIMEOUT, "5m"),
                Map.entry(Keys.MAX_CONNECTIONS, "12"), Map.entry(Keys.TCP_NODELAY, "false"),
                Map.entry(Keys.KEEPALIVE, "true"), Map.entry(Keys.SEND_RESET, "true"),
                Map.entry(Keys.LINGER_TIMEOUT, "1500ms"), Map.entry(Keys.UDP_LOOP_GUARD, "false"),
                Map.entry(Keys.UDP_RATE_PER_SOURCE, "6/m"), Map.entry(Keys.UDP_RATE_PER_WORKER, "off"));

        WorkerArgs args = parse(load(flags), 3, 5);

        assertEquals(new WorkerArgs(3, 5, Path.of("/tmp/wa/c.sock"), LISTENERS, Level.DEBUG, Path.of("/tmp/w.log"),
                WorkerArgsFactory.HEARTBEAT_MILLIS, 1024 * 1024,
                new ConnectionLimits(Duration.ofMinutes(5).toMillis(), 12, false, true, true, 1500), LogFormat.JSON,
                Rate.OFF), args);
    }

    @Test
    void theDefaultsArriveToo() throws Exception {
        WorkerArgs args = parse(load(Map.of()), 1, 1);

        assertEquals(new WorkerArgs(1, 1, Path.of("/tmp/wa/c.sock"), LISTENERS, Level.INFO, null,
                WorkerArgsFactory.HEARTBEAT_MILLIS, 64 * 1024, new ConnectionLimits(0, 10_000, true, false, false, 5_000),
                LogFormat.PLAIN, new Rate(10_000, 's')), args);
    }

    /** What ps shows: the user's names and values a reader recognises. */
    @Test
    void theCommandLineUsesTheUsersNames() throws Exception {
        String line = String.join(" ", WorkerArgsFactory.argv(load(Map.of(Keys.IDLE_TIMEOUT, "5m")), 1, 1, LISTENERS));

        assertEquals("--slot 1 --generation 1 --control /tmp/wa/c.sock --heartbeat-ms 1000 --listener "
                + LISTENERS.get(0).encode() + " --log-level info --idle-timeout 300000ms --max-connections 10000"
                + " --max-unsent 65536 --tcp-nodelay true --keepalive false --send-reset false --linger-timeout 5000ms"
                + " --log-format plain --udp-rate-per-worker 10000/s", line);
    }

    private static WorkerArgs parse(Settings settings, int slot, long generation) {
        return WorkerArgs.parse(WorkerArgsFactory.argv(settings, slot, generation, LISTENERS).toArray(String[]::new));
    }

    private static Settings load(Map<String, String> flags) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(flags);
        all.put(Keys.CONTROL_SOCKET, "/tmp/wa/c.sock");
        return new SettingsLoader(Map.of(), 2, () -> Path.of("/tmp/wa")).load(null, all);
    }
}
