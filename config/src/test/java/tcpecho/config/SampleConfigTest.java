package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tcpecho.common.listener.ProxyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/tcp-echo.toml, the file the README's first command starts with. */
class SampleConfigTest {
    /** Surefire runs in the module directory, next to the sample. */
    private static final Path SAMPLE = Path.of("tcp-echo.toml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void loadsCleanlyOnPort8090() throws Exception {
        Settings s = Fixtures.loader().load(SAMPLE, Map.of());

        assertEquals(8090, s.port());
        assertEquals(Source.FILE, s.setting(Keys.PORT).source());
    }

    @Test
    void documentsEveryKey() throws Exception {
        String text = Files.readString(SAMPLE);

        for (String key : SettingRows.STANDARD.keys()) {
            assertTrue(text.contains("\n" + key + " = ") || text.contains("\n# " + key + " = "), key);
        }
    }

    /** The commented-out [[listener]] example, uncommented, loads as written. */
    @Test
    void listenerExampleLoads() throws Exception {
        String uncommented = Files.readString(SAMPLE).replaceAll("(?m)^# (\\[\\[listener\\]\\])$", "$1")
                .replaceAll("(?m)^#   ([a-z-]+ = )", "$1");
        Path file = dir.resolve("listeners.toml");
        Files.writeString(file, uncommented);

        Settings s = Fixtures.loader().load(file, Map.of());

        assertEquals(java.util.List.of("echo", "echo-udp-8007", "daytime-8013", "redis", "behind-haproxy"),
                s.listeners().stream().map(Listener::name).toList());
        assertEquals(new tcpecho.common.listener.ProxyProtocolOptions(java.util.List.of("127.0.0.1", "10.0.0.0/8"), 3000),
                s.listeners().get(4).options().tcp().proxyProtocol());
        assertEquals(dir.resolve("redis-dump.log"), ((ProxyOptions) s.listeners().get(3).options().protocol()).dumpFile());
    }

    /** The commented-out values claim to be the defaults; uncommented, they must load and agree. */
    @Test
    void commentedDefaultsAreTheRealDefaults() throws Exception {
        String uncommented = Files.readString(SAMPLE).replaceAll("(?m)^# ([a-z-]+ = )", "$1");
        Path file = dir.resolve("all.toml");
        Files.writeString(file, uncommented);

        Settings fromFile = Fixtures.loader().load(file, Map.of());
        Settings defaults = Fixtures.loader().load(null, Map.of());

        for (SettingRow row : SettingRows.STANDARD.all()) {
            assertEquals(Source.FILE, fromFile.setting(row.key()).source(), row.key());
            if (!row.isDerived()) {
                assertEquals(row.defaultText(), fromFile.setting(row.key()).text(), row.key());
                assertEquals(defaults.setting(row.key()).text(), fromFile.setting(row.key()).text(), row.key());
            }
        }
    }
}
