package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection limits: defaults, the three ways to write them, and bad env and flag values. */
class LimitKeysTest {
    @TempDir
    Path dir;

    @Test
    void defaults() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of());

        assertEquals(Duration.ZERO, s.setting(Keys.IDLE_TIMEOUT).value());
        assertEquals(10_000, s.setting(Keys.MAX_CONNECTIONS).value());
        assertEquals(4096, s.backlog());
        assertEquals(64 * 1024, s.setting(Keys.MAX_UNSENT).value());
        assertTrue((Boolean) s.setting(Keys.TCP_NODELAY).value());
        assertFalse((Boolean) s.setting(Keys.KEEPALIVE).value());
        assertFalse((Boolean) s.setting(Keys.SEND_RESET).value());
    }

    @Test
    void fileValuesTypedAsToml() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "idle-timeout = \"90s\"", "max-connections = 0", "backlog = 128",
                "max-unsent = \"1MiB\"", "tcp-nodelay = false", "keepalive = true", "send-reset = true");

        Settings s = Fixtures.loader().load(file, Map.of());

        assertEquals(Duration.ofSeconds(90), s.setting(Keys.IDLE_TIMEOUT).value());
        assertEquals(0, s.setting(Keys.MAX_CONNECTIONS).value());
        assertEquals(128, s.backlog());
        assertEquals(1 << 20, s.setting(Keys.MAX_UNSENT).value());
        assertFalse((Boolean) s.setting(Keys.TCP_NODELAY).value());
        assertTrue((Boolean) s.setting(Keys.KEEPALIVE).value());
        assertTrue((Boolean) s.setting(Keys.SEND_RESET).value());
        assertEquals("1MiB", s.setting(Keys.MAX_UNSENT).text());
    }

    @Test
    void envAndFlagsAsText() throws Exception {
        Settings s = Fixtures.loader(Map.of("TCP_ECHO_KEEPALIVE", "TRUE", "TCP_ECHO_MAX_UNSENT", "4096"))
                .load(null, Map.of(Keys.IDLE_TIMEOUT, "2m", Keys.SEND_RESET, "true"));

        assertTrue((Boolean) s.setting(Keys.KEEPALIVE).value());
        assertEquals(4096, s.setting(Keys.MAX_UNSENT).value());
        assertEquals("4KiB", s.setting(Keys.MAX_UNSENT).text());
        assertEquals(Duration.ofMinutes(2), s.setting(Keys.IDLE_TIMEOUT).value());
        assertTrue((Boolean) s.setting(Keys.SEND_RESET).value());
        assertEquals("--send-reset", s.setting(Keys.SEND_RESET).origin());
    }

    @Test
    void badFlagNamesTheFlagAndWhatIsAccepted() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader().load(null, Map.of(Keys.TCP_NODELAY, "maybe")));

        assertEquals("--tcp-nodelay: tcp-nodelay must be true or false (got maybe)", e.getMessage());
    }

    @Test
    void badEnvNamesTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader(Map.of("TCP_ECHO_MAX_CONNECTIONS", "-3")).load(null, Map.of()));

        assertEquals("environment TCP_ECHO_MAX_CONNECTIONS: max-connections must be between 0 and 1000000 (got -3)",
                e.getMessage());
    }
}
