package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tcpecho.common.listener.ClientLimits;
import tcpecho.common.listener.TcpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.launch.Rate;

/** max-connections-per-ip and connect-rate-per-ip: top-level defaults, per-listener overrides, errors. */
class PerClientKeysTest {
    @TempDir
    Path dir;

    @Test
    void offByDefaultSoWorkersGetNoOptions() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of());

        assertEquals(ClientLimits.OFF, s.listeners().get(0).options().tcp().perClient());
        assertEquals(Map.of(), s.listeners().get(0).shownOptions());
    }

    @Test
    void aListenerTakesTheTopLevelValuesItDoesNotSetItselfAndUdpListenersTakeNone() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "max-connections-per-ip = 10", "connect-rate-per-ip = \"50/s\"",
                "[[listener]]", "port = 9301",
                "[[listener]]", "port = 9302", "protocol = \"proxy\"", "upstream = \"127.0.0.1:6379\"",
                "max-connections-per-ip = 2",
                "[[listener]]", "port = 9303", "protocol = \"echo-udp\"");

        List<Listener> listeners = Fixtures.loader().load(file, Map.of()).listeners();

        assertEquals(new ClientLimits(10, Rate.parse("50/s"), 1), listeners.get(0).options().tcp().perClient());
        assertEquals(Map.of("max-connections-per-ip", "10", "connect-rate-per-ip", "50/s"), listeners.get(0).shownOptions());
        assertEquals(new ClientLimits(2, Rate.parse("50/s"), 1), listeners.get(1).options().tcp().perClient());
        assertEquals("2", listeners.get(1).shownOptions().get("max-connections-per-ip"));
        assertEquals(TcpOptions.NONE, listeners.get(2).options().tcp());
    }

    @Test
    void aFlagSetsTheDefaultOfEveryListener() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of(Keys.MAX_CONNECTIONS_PER_IP, "3"));

        assertEquals(Map.of("max-connections-per-ip", "3"), s.listeners().get(0).shownOptions());
        assertTrue(s.describe().contains("max-connections-per-ip=3"), s.describe());
    }

    @Test
    void badValuesNameTheirLineAndTheRule() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "max-connections-per-ip = -1",
                "[[listener]]", "port = 9301", "connect-rate-per-ip = \"fast\"",
                "[[listener]]", "port = 9303", "protocol = \"echo-udp\"", "max-connections-per-ip = 3");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":1: max-connections-per-ip must be between 0 and 1000000 (got -1)\n"
                + file + ":4: listener[1].connect-rate-per-ip must be \"off\" or N/s or N/m with N from 1 to 100000000"
                + " (like \"100/s\") (got \"fast\")\n"
                + file + ":8: listener[2].max-connections-per-ip is only for TCP listeners (this listener is echo-udp)",
                e.getMessage());
    }
}
