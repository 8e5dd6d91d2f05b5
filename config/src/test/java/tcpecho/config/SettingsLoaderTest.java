package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    private static final String KNOWN = "(known keys: port, bind, workers, control-socket, pid-file, log-file,"
            + " log-level, shutdown-timeout, ready-timeout, drain-timeout, worker-timeout, idle-timeout, max-connections,"
            + " backlog, max-unsent, tcp-nodelay, keepalive, send-reset, linger-timeout, worker-cpu-affinity, metrics, log-format, udp-loop-guard, udp-rate-per-source, udp-rate-per-worker, access, max-connections-per-ip, connect-rate-per-ip)";

    @TempDir
    Path dir;

    @Test
    void defaultsWithoutFileEnvOrFlags() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of());

        assertEquals(8090, s.port());
        assertEquals("*", s.bind());
        assertNull(s.bindAddress());
        assertEquals(Fixtures.PROCESSORS, s.workers());
        assertEquals("auto", s.workersText());
        assertNull(s.logFile());
        assertEquals("info", s.logLevel().label());
        assertEquals(Duration.ofSeconds(10), s.shutdownTimeout());
        assertEquals(Duration.ofSeconds(10), s.readyTimeout());
        assertEquals(Duration.ofSeconds(30), s.drainTimeout());
        assertEquals(Duration.ofSeconds(30), s.workerTimeout());
        assertNull(s.configFile());
        assertEquals(SettingRows.STANDARD.keys(), s.all().stream().map(Setting::key).toList());
    }

    @Test
    void workersAutoKeepsTextAndResolvedCount() throws Exception {
        Settings s = Fixtures.loader(Map.of("TCP_ECHO_WORKERS", "AUTO")).load(null, Map.of());

        assertEquals(8, s.workers());
        assertEquals("auto", s.workersText());
        assertEquals(Source.ENV, s.setting(Keys.WORKERS).source());
    }

    @Test
    void workersAutoIsCappedAtTheMaximum() throws Exception {
        Settings s = new SettingsLoader(Map.of(), 4096, () -> Fixtures.FALLBACK_RUNTIME_DIR).load(null, Map.of());

        assertEquals(1024, s.workers());
    }

    @Test
    void derivedPathsFollowTheEffectivePort() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "port = 7000");

        Settings s = Fixtures.loader(Map.of("PORT", "7001")).load(file, Map.of(Keys.PORT, "7002"));

        assertEquals(Path.of("/tmp/tem-test-fallback/control-7002.sock"), s.controlSocket());
        assertEquals(Path.of("/tmp/tem-test-fallback/master-7002.pid"), s.pidFile());
        assertEquals(Source.DEFAULT, s.setting(Keys.CONTROL_SOCKET).source());
    }

    @Test
    void derivedPathsUseXdgRuntimeDir() throws Exception {
        Settings s = Fixtures.loader(Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "PORT", "9000")).load(null, Map.of());

        assertEquals(Path.of("/run/user/1000/tcp-echo-master/control-9000.sock"), s.controlSocket());
        assertEquals(Path.of("/run/user/1000/tcp-echo-master/master-9000.pid"), s.pidFile());
    }

    @Test
    void emptyOrRelativeXdgRuntimeDirIsIgnored() throws Exception {
        for (String xdg : List.of("", "run/user/1000")) {
            Settings s = Fixtures.loader(Map.of("XDG_RUNTIME_DIR", xdg)).load(null, Map.of());

            assertEquals(Path.of("/tmp/tem-test-fallback/control-8090.sock"), s.controlSocket(), xdg);
        }
    }

    @Test
    void tooLongDerivedControlSocketSaysWhatToChange() {
        String xdg = "/" + "x".repeat(80);
        SettingsLoader loader = Fixtures.loader(Map.of("XDG_RUNTIME_DIR", xdg));

        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(null, Map.of()));

        assertEquals("default: control-socket must be a path of at most 100 bytes (got 115 bytes: " + xdg
                + "/tcp-echo-master/control-8090.sock); set control-socket or XDG_RUNTIME_DIR to something shorter",
                e.getMessage());
        assertEquals(Keys.CONTROL_SOCKET, e.key());
    }

    @Test
    void relativePathsInTheFileResolveAgainstItsDirectory() throws Exception {
        Path file = Fixtures.toml(dir, "etc/x.toml",
                "control-socket = \"run/c.sock\"", "pid-file = \"./m.pid\"", "log-file = \"../log/echo.log\"");

        Settings s = Fixtures.loader().load(file, Map.of());

        assertEquals(dir.resolve("etc/run/c.sock"), s.controlSocket());
        assertEquals(dir.resolve("etc/m.pid"), s.pidFile());
        assertEquals(dir.resolve("log/echo.log"), s.logFile());
        assertEquals(file, s.configFile());
    }

    @Test
    void relativePathsFromFlagsAndEnvResolveAgainstTheCurrentDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();

        Settings s = Fixtures.loader(Map.of("TCP_ECHO_LOG_FILE", "logs/e.log")).load(null, Map.of(Keys.PID_FILE, "m.pid"));

        assertEquals(cwd.resolve("m.pid"), s.pidFile());
        assertEquals(cwd.resolve("logs/e.log"), s.logFile());
    }

    @Test
    void bindAcceptsLiteralAddresses() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of(Keys.BIND, "::1"));

        assertEquals(InetAddress.getByName("::1"), s.bindAddress());
        assertEquals("::1", s.bind());
    }

    @Test
    void unknownKeySuggestsTheClosestKey() {
        Path file = Fixtures.toml(dir, "x.toml", "# comment", "", "", "", "prot = 9000");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":5: unknown key 'prot' " + KNOWN + "; did you mean 'port'?", e.getMessage());
        assertEquals(5, e.line());
        assertEquals("prot", e.key());
    }

    @Test
    void unknownKeyFarFromEveryKeyGetsNoSuggestion() {
        Path file = Fixtures.toml(dir, "x.toml", "colour = \"blue\"");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":1: unknown key 'colour' " + KNOWN, e.getMessage());
    }

    @Test
    void snakeCaseKeyAndTablesAreUnknown() {
        Path file = Fixtures.toml(dir, "x.toml", "log_level = \"debug\"", "[server]", "port = 1");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(List.of(
                file + ":1: unknown key 'log_level' " + KNOWN + "; did you mean 'log-level'?",
                file + ":2: unknown key 'server' " + KNOWN), e.problems());
    }

    @Test
    void tomlSyntaxErrorHasItsLine() {
        Path file = Fixtures.toml(dir, "x.toml", "port = 9000", "", "", "bind = ");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertTrue(e.getMessage().startsWith(file + ":4: invalid TOML: Unexpected end of line"), e.getMessage());
        assertEquals(4, e.line());
        assertNull(e.key());
    }

    @Test
    void duplicateKeyIsATomlError() {
        Path file = Fixtures.toml(dir, "x.toml", "port = 9000", "port = 9001");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":2: invalid TOML: port previously defined at line 1, column 1", e.getMessage());
    }

    @Test
    void missingFileGivesTheReason() {
        Path file = dir.resolve("missing.toml");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ": cannot read config file: No such file or directory", e.getMessage());
        assertEquals(file, e.file());
        assertNull(e.line());
    }

    @Test
    void directoryAsFileGivesTheReason() {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(dir, Map.of()));

        assertEquals(dir + ": cannot read config file: Is a directory", e.getMessage());
    }

    @Test
    void problemsComeInFileOrderThenEnvThenFlags() {
        Path file = Fixtures.toml(dir, "x.toml", "workers = 0", "prot = 1", "port = 0");
        SettingsLoader loader = Fixtures.loader(Map.of("TCP_ECHO_LOG_LEVEL", "loud"));

        ConfigException e = assertThrows(ConfigException.class,
                () -> loader.load(file, Map.of(Keys.READY_TIMEOUT, "0s")));

        assertEquals(List.of(
                file + ":1: workers must be \"auto\" or a whole number between 1 and 1024 (got 0)",
                file + ":2: unknown key 'prot' " + KNOWN + "; did you mean 'port'?",
                file + ":3: port must be between 1 and 65535 (got 0)",
                "environment TCP_ECHO_LOG_LEVEL: log-level must be one of debug, info, warn, error (got loud)",
                "--ready-timeout: ready-timeout must be at least 1s (got 0s)"), e.problems());
        assertEquals(String.join("\n", e.problems()), e.getMessage());
        assertEquals(1, e.line());
        assertEquals("workers", e.key());
    }

    @Test
    void badFileValueIsAnErrorEvenWhenAFlagOverridesIt() {
        Path file = Fixtures.toml(dir, "x.toml", "port = 0");

        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader().load(file, Map.of(Keys.PORT, "9000")));

        assertEquals(file + ":1: port must be between 1 and 65535 (got 0)", e.getMessage());
    }

    @Test
    void envErrorNamesTheVariable() {
        SettingsLoader loader = Fixtures.loader(Map.of("TCP_ECHO_WORKERS", "many"));

        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(null, Map.of()));

        assertEquals("environment TCP_ECHO_WORKERS: workers must be \"auto\" or a whole number between 1 and 1024"
                + " (got many)", e.getMessage());
        assertNull(e.file());
        assertEquals("workers", e.key());
    }

    @Test
    void platformPortErrorNamesPort() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader(Map.of("PORT", "http")).load(null, Map.of()));

        assertEquals("environment PORT: port must be a whole number between 1 and 65535 (got http)", e.getMessage());
    }

    @Test
    void flagErrorNamesTheFlag() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader().load(null, Map.of(Keys.PORT, "70000")));

        assertEquals("--port: port must be between 1 and 65535 (got 70000)", e.getMessage());
    }

    @Test
    void flagBindRejectsHostNames() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader().load(null, Map.of(Keys.BIND, "localhost")));

        assertEquals("--bind: bind must be \"*\" (all interfaces) or a literal IPv4 or IPv6 address, not a host name"
                + " (got localhost)", e.getMessage());
    }

    @Test
    void unknownFlagKeyIsRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader().load(null, Map.of("wrokers", "2")));

        assertEquals("--wrokers: unknown key 'wrokers' " + KNOWN + "; did you mean 'workers'?", e.getMessage());
    }

    @Test
    void describePrintsAlignedColumnsWithSources() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "", "workers = \"auto\"");

        String table = Fixtures.loader(Map.of("TCP_ECHO_LOG_LEVEL", "debug"))
                .load(file, Map.of(Keys.PORT, "9000")).describe();

        List<String> lines = table.lines().toList();
        assertEquals("# config file: " + file, lines.get(0));
        // the keys, a blank line, then the listener table: its header and the implicit echo listener
        assertEquals(2 + SettingRows.STANDARD.keys().size() + 3, lines.size());
        assertTrue(lines.get(lines.size() - 1).matches("echo\\s+echo\\s+tcp \\*:9000\\s+-\\s+flag --port"),
                lines.get(lines.size() - 1));
        int valueColumn = lines.get(1).indexOf("VALUE");
        int sourceColumn = lines.get(1).indexOf("SOURCE");
        assertEquals("port", lines.get(2).substring(0, valueColumn).trim());
        assertEquals("9000", lines.get(2).substring(valueColumn, sourceColumn).trim());
        assertEquals("flag --port", lines.get(2).substring(sourceColumn));
        assertEquals("auto (8)", lines.get(4).substring(valueColumn, sourceColumn).trim());
        assertEquals("file " + file + ":2", lines.get(4).substring(sourceColumn));
        assertEquals("\"\" (stdout)", lines.get(7).substring(valueColumn, sourceColumn).trim());
        assertEquals("env TCP_ECHO_LOG_LEVEL", lines.get(8).substring(sourceColumn));
        assertEquals("default", lines.get(9).substring(sourceColumn));
    }

    @Test
    void configFileIsReadAsUtf8AndAbsolute() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "log-file = \"échos.log\"");

        Settings s = Fixtures.loader().load(file, Map.of());

        assertEquals(dir.resolve("échos.log"), s.logFile());
        assertTrue(Files.isRegularFile(s.configFile()));
    }
}
