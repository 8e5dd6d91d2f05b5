package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tcpecho.common.listener.DumpMode;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.ProxyOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.launch.Protocol;

/** [[listener]] tables, --listen and the implicit echo listener of port and bind. */
class ListenerConfigTest {
    static ProxyOptions proxy(Listener listener) {
        return (ProxyOptions) listener.options().protocol();
    }

    @TempDir
    Path dir;

    @Test
    void withoutListenersPortAndBindGiveOneEchoListenerNamedEcho() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of(Keys.PORT, "9000", Keys.BIND, "127.0.0.1"));

        Listener only = s.listeners().get(0);
        assertEquals(1, s.listeners().size());
        assertEquals("echo", only.name());
        assertEquals(Protocol.ECHO, only.protocol());
        assertEquals("127.0.0.1:9000", only.endpoint());
        assertEquals(ListenerOptions.NONE, only.options());
        assertEquals("flag --port", only.origin());
    }

    @Test
    void fileListenersReplaceTheImplicitOneAndTakeTheTopLevelBind() throws Exception {
        Path file = Fixtures.toml(dir, "l.toml",
                "port = 8090",
                "bind = \"127.0.0.1\"",
                "[[listener]]",
                "port = 9000",
                "[[listener]]",
                "name = \"time\"",
                "protocol = \"daytime\"",
                "bind = \"::1\"",
                "port = 9013",
                "[[listener]]",
                "protocol = \"proxy\"",
                "port = 6479",
                "upstream = \"127.0.0.1:6379\"",
                "connect-timeout = \"2s\"",
                "dump = \"file\"",
                "dump-file = \"dumps/redis.txt\"",
                "dump-format = \"text\"",
                "[[listener]]",
                "protocol = \"echo-udp\"",
                "port = 9000");

        List<Listener> listeners = Fixtures.loader().load(file, Map.of()).listeners();

        assertEquals(List.of("echo-9000", "time", "proxy-6479", "echo-udp-9000"),
                listeners.stream().map(Listener::name).toList());
        assertEquals(List.of("127.0.0.1:9000", "[::1]:9013", "127.0.0.1:6479", "127.0.0.1:9000"),
                listeners.stream().map(Listener::endpoint).toList());
        assertEquals("file " + file + ":3", listeners.get(0).origin());
        assertEquals(Map.of("upstream", "127.0.0.1:6379", "connect-timeout", "2000", "dump", "file",
                "dump-file", dir.resolve("dumps/redis.txt").toString(), "dump-format", "text"), listeners.get(2).shownOptions());
        assertEquals(Duration.ofSeconds(2).toMillis(), proxy(listeners.get(2)).connectTimeoutMillis());
    }

    @Test
    void dumpFileAloneMeansDumpToTheFileAndTrueMeansTheLog() throws Exception {
        Path file = Fixtures.toml(dir, "l.toml",
                "[[listener]]", "protocol = \"proxy\"", "port = 1", "upstream = \"db:5432\"", "dump-file = \"/d\"",
                "[[listener]]", "protocol = \"proxy\"", "port = 2", "upstream = \"db:5432\"", "dump = true");

        List<Listener> listeners = Fixtures.loader().load(file, Map.of()).listeners();

        assertEquals(DumpMode.FILE, proxy(listeners.get(0)).dump());
        assertEquals(DumpMode.LOG, proxy(listeners.get(1)).dump());
    }

    @Test
    void listenFlagsReplaceTheFileListeners() throws Exception {
        Path file = Fixtures.toml(dir, "l.toml", "[[listener]]", "port = 9000");
        ListenFlags listen = new ListenFlags(List.of("echo:8090", "daytime:127.0.0.1:8013", "echo-udp:[::1]:8007",
                "proxy:6479=127.0.0.1:6379"), true);

        List<Listener> listeners = Fixtures.loader().load(file, Map.of(), listen).listeners();

        assertEquals(List.of("echo-8090", "daytime-8013", "echo-udp-8007", "proxy-6479"),
                listeners.stream().map(Listener::name).toList());
        assertEquals(List.of("*:8090", "127.0.0.1:8013", "[::1]:8007", "*:6479"),
                listeners.stream().map(Listener::endpoint).toList());
        assertEquals(Map.of("upstream", "127.0.0.1:6379", "dump", "log"), listeners.get(3).shownOptions());
        assertEquals("flag --listen", listeners.get(0).origin());
    }

    @Test
    void twoDefaultNamesThatWouldClashAreNumbered() throws Exception {
        ListenFlags listen = new ListenFlags(List.of("echo:127.0.0.1:9000", "echo:[::1]:9000"), false);

        List<Listener> listeners = Fixtures.loader().load(null, Map.of(), listen).listeners();

        assertEquals(List.of("echo-9000", "echo-9000-2"), listeners.stream().map(Listener::name).toList());
    }

    @Test
    void controlSocketIsNamedAfterPortWhenGivenElseTheFirstListener() throws Exception {
        ListenFlags listen = new ListenFlags(List.of("daytime:9013", "echo:9000"), false);

        Settings byListener = Fixtures.loader().load(null, Map.of(), listen);
        Settings byPort = Fixtures.loader().load(null, Map.of(Keys.PORT, "7000"), listen);

        assertEquals(Fixtures.FALLBACK_RUNTIME_DIR.resolve("control-9013.sock"), byListener.controlSocket());
        assertEquals(Fixtures.FALLBACK_RUNTIME_DIR.resolve("master-7000.pid"), byPort.pidFile());
        assertEquals(List.of("daytime-9013", "echo-9000"), byPort.listeners().stream().map(Listener::name).toList());
        assertEquals("port 7000 (flag --port) is no listener, as listeners are declared; it names the control socket"
                + " and pid file", byPort.unusedPortNote());
        assertTrue(byPort.describe().contains("\n# " + byPort.unusedPortNote() + "\n"), byPort.describe());
        assertEquals(null, byListener.unusedPortNote());
        assertTrue(byListener.describe().lines().anyMatch(l -> l.matches("port +8090 \\(not a listener\\) +default")),
                byListener.describe());
    }

    @Test
    void dumpWithoutAProxyIsAFlagError() {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(null, Map.of(),
                new ListenFlags(List.of("echo:9000"), true)));

        assertEquals("--dump: no proxy listener to dump; declare one, e.g. --listen proxy:6479=127.0.0.1:6379",
                e.getMessage());
    }

    @Test
    void checkListsTheListeners() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of(), new ListenFlags(List.of("echo:9000",
                "proxy:127.0.0.1:6479=localhost:6379"), false));

        String table = s.describeListeners();

        assertEquals(List.of(
                "LISTENER    PROTOCOL  ENDPOINT            OPTIONS                           SOURCE",
                "echo-9000   echo      tcp *:9000          -                                 flag --listen",
                "proxy-6479  proxy     tcp 127.0.0.1:6479  upstream=localhost:6379 dump=off  flag --listen"),
                table.lines().toList());
        assertTrue(s.describe().endsWith(table), s.describe());
    }
}
