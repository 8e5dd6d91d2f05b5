package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The top-level access list, a listener's own, and what reaches the workers. */
class AccessKeyTest {
    @TempDir
    Path dir;

    @Test
    void everyoneByDefault() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of());

        assertTrue(s.access().isEmpty());
        assertEquals(Map.of(), s.listeners().get(0).shownOptions());
        assertTrue(s.describe().contains("access                  \"\" (everyone)"), s.describe());
    }

    @Test
    void theTopLevelListIsEveryListenersDefaultAndAListenersOwnWins() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "access = [\"allow 127.0.0.0/8\", \"allow ::1\", \"deny all\"]",
                "[[listener]]", "port = 9000", "[[listener]]", "protocol = \"echo-udp\"", "port = 9001",
                "access = [\"deny 127.0.0.2\"]");

        Settings s = Fixtures.loader().load(file, Map.of());

        assertEquals("allow 127.0.0.0/8, allow ::1, deny all", s.access().toString());
        assertEquals(List.of(Map.of("access", "allow 127.0.0.0/8, allow ::1, deny all"),
                Map.of("access", "deny 127.0.0.2")), s.listeners().stream().map(Listener::shownOptions).toList());
        assertTrue(s.describeListeners().contains("access=deny 127.0.0.2"), s.describeListeners());
    }

    @Test
    void aFlagTakesCommaSeparatedRules() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of(Keys.ACCESS, "deny 10.0.0.0/8, allow all"));

        assertEquals("deny 10.0.0.0/8, allow all", s.setting(Keys.ACCESS).text());
        assertEquals("--access", s.setting(Keys.ACCESS).origin());
    }
}
