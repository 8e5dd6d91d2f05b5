package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** flag > env > file > default, for every key; PORT against TCP_ECHO_PORT. */
class PrecedenceTest {
    @TempDir
    Path dir;

    /** key, TOML literal, then the expected text from the file, env, flag and default. */
    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("port", "8001", "8001", "8002", "8003", "8090"),
                Arguments.of("bind", "\"127.0.0.1\"", "127.0.0.1", "::1", "10.0.0.1", "*"),
                Arguments.of("workers", "2", "2", "3", "4", "auto"),
                Arguments.of("control-socket", "\"/f/c.sock\"", "/f/c.sock", "/e/c.sock", "/g/c.sock",
                        "/tmp/tem-test-fallback/control-8090.sock"),
                Arguments.of("pid-file", "\"/f/m.pid\"", "/f/m.pid", "/e/m.pid", "/g/m.pid",
                        "/tmp/tem-test-fallback/master-8090.pid"),
                Arguments.of("log-file", "\"/f/log\"", "/f/log", "/e/log", "/g/log", ""),
                Arguments.of("log-level", "\"debug\"", "debug", "warn", "error", "info"),
                Arguments.of("shutdown-timeout", "5", "5s", "500ms", "2m", "10s"),
                Arguments.of("ready-timeout", "\"2s\"", "2s", "3s", "4s", "10s"),
                Arguments.of("drain-timeout", "0", "0s", "1h", "90s", "30s"),
                Arguments.of("worker-timeout", "\"2m\"", "2m", "45s", "1h", "30s"),
                Arguments.of("worker-cpu-affinity", "\"auto\"", "auto", "0,1", "1", "off"),
                Arguments.of("metrics", "\"127.0.0.1:9145\"", "127.0.0.1:9145", "[::1]:9146", "*:9147", ""),
                Arguments.of("log-format", "\"json\"", "json", "plain", "json", "plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void flagBeatsEnvBeatsFileBeatsDefault(String key, String toml, String inFile, String inEnv, String inFlag,
                                           String byDefault) throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "# tcp-echo", key + " = " + toml);
        Map<String, String> env = Map.of(Keys.envName(key), inEnv);
        Map<String, String> flags = Map.of(key, inFlag);

        assertSetting(Fixtures.loader(env).load(file, flags).setting(key), inFlag, Source.FLAG, "--" + key);
        assertSetting(Fixtures.loader(env).load(file, Map.of()).setting(key), inEnv, Source.ENV,
                "env " + Keys.envName(key));
        assertSetting(Fixtures.loader().load(file, Map.of()).setting(key), inFile, Source.FILE, file + ":2");
        assertSetting(Fixtures.loader().load(null, Map.of()).setting(key), byDefault, Source.DEFAULT, "default");
    }

    private static void assertSetting(Setting<?> setting, String text, Source source, String origin) {
        assertEquals(text, setting.text());
        assertEquals(source, setting.source());
        assertEquals(origin, setting.origin());
    }

    @Test
    void platformPortIsUsedAlone() throws Exception {
        Setting<?> port = Fixtures.loader(Map.of("PORT", "9000")).load(null, Map.of()).setting(Keys.PORT);

        assertEquals(9000, port.value());
        assertEquals("env PORT", port.origin());
    }

    @Test
    void tcpEchoPortBeatsPlatformPortEvenWhenPortIsGarbage() throws Exception {
        Settings settings = Fixtures.loader(Map.of("PORT", "web", "TCP_ECHO_PORT", "9001")).load(null, Map.of());

        assertEquals(9001, settings.port());
        assertEquals("env TCP_ECHO_PORT", settings.setting(Keys.PORT).origin());
    }

    @Test
    void emptyVariablesCountAsUnset() throws Exception {
        Map<String, String> env = Map.of("TCP_ECHO_PORT", "", "PORT", "9002", "TCP_ECHO_WORKERS", "");

        Settings settings = Fixtures.loader(env).load(null, Map.of());

        assertEquals(9002, settings.port());
        assertEquals(Source.DEFAULT, settings.setting(Keys.WORKERS).source());
    }

    @Test
    void emptyLogFileFlagMeansStdoutOverTheFile() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "log-file = \"/var/log/echo.log\"");

        Settings settings = Fixtures.loader().load(file, Map.of(Keys.LOG_FILE, ""));

        assertEquals(null, settings.logFile());
        assertEquals(Source.FLAG, settings.setting(Keys.LOG_FILE).source());
    }

    @Test
    void reloadRereadsTheFileButFlagsAndEnvStillWin() throws Exception {
        SettingsLoader loader = Fixtures.loader(Map.of("TCP_ECHO_LOG_LEVEL", "warn"));
        Map<String, String> flags = new HashMap<>(Map.of(Keys.PORT, "9100"));
        Path file = Fixtures.toml(dir, "x.toml", "port = 1000", "workers = 2", "log-level = \"debug\"");
        loader.load(file, flags);

        Fixtures.toml(dir, "x.toml", "port = 1001", "workers = 3", "log-level = \"error\"");
        Settings reloaded = loader.load(file, flags);

        assertEquals(9100, reloaded.port());
        assertEquals(3, reloaded.workers());
        assertEquals("warn", reloaded.logLevel().label());
    }
}
