package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every [[listener]] key with a bad value: the exact message, with the file and line. The bad
 * listener is the second one; its header is on line 4 and the line after it on line 5.
 */
class ListenerErrorsTest {
    @TempDir
    Path dir;

    private static final String PROXY_DB = "protocol = \"proxy\"\nport = 9001\nupstream = \"db:1\"";
    private static final String TLS_FILES = "tls-cert = \"/nonexistent/c.pem\"\ntls-key = \"/nonexistent/k.pem\"";

    /** The second listener's lines after its header, the line of the problem, and the message. */
    static Stream<Arguments> badListeners() {
        String l2 = "listener[2]";
        return Stream.of(
                Arguments.of("name = \"a:b\"\nport = 9001", 5, l2 + ".name must be 1 to 64 letters, digits, '.', '_'"
                        + " or '-' (got \"a:b\")"),
                Arguments.of("name = \"one\"\nport = 9001", 4, l2 + ".name \"one\" is already used by listener[1]"),
                Arguments.of("protocol = \"http\"\nport = 9001", 5, l2 + ".protocol must be one of echo, echo-udp,"
                        + " daytime, discard, chargen, proxy (got \"http\")"),
                Arguments.of("bind = \"localhost\"\nport = 9001", 5, l2 + ".bind must be \"*\" (all interfaces) or a"
                        + " literal IPv4 or IPv6 address, not a host name (got \"localhost\")"),
                Arguments.of("protocol = \"daytime\"", 4, l2 + ".port is required"),
                Arguments.of("port = 70000", 5, l2 + ".port must be between 1 and 65535 (got 70000)"),
                Arguments.of("protocol = \"proxy\"\nport = 9001", 4, l2 + ".upstream is required for protocol proxy"
                        + " (" + HostPort.ACCEPTED + ")"),
                Arguments.of("port = 9001\nupstream = \"db:1\"", 6, l2 + ".upstream is only for protocol proxy (this"
                        + " listener is echo)"),
                Arguments.of("protocol = \"proxy\"\nport = 9001\nupstream = \"db\"", 7, l2 + ".upstream must be "
                        + HostPort.ACCEPTED + " (got \"db\")"),
                Arguments.of("protocol = \"proxy\"\nport = 9001\nupstream = \"db:1\"\nconnect-timeout = \"6m\"", 8,
                        l2 + ".connect-timeout must be at most 5m (got 6m)"),
                Arguments.of("protocol = \"proxy\"\nport = 9001\nupstream = \"db:1\"\ndump = \"yes\"", 8,
                        l2 + ".dump must be one of \"off\", \"log\", \"file\", true or false (got \"yes\")"),
                Arguments.of("protocol = \"proxy\"\nport = 9001\nupstream = \"db:1\"\ndump = \"file\"", 8,
                        l2 + ".dump = \"file\" needs listener[2].dump-file"),
                Arguments.of("protocol = \"proxy\"\nport = 9001\nupstream = \"db:1\"\ndump = \"log\"\ndump-file = \"/x\"",
                        9, l2 + ".dump-file needs dump = \"file\" (got dump = \"log\")"),
                Arguments.of("protocol = \"proxy\"\nport = 9001\nupstream = \"db:1\"\ndump-format = \"json\"", 8,
                        l2 + ".dump-format must be one of \"hex\", \"text\", \"auto\" (got \"json\")"),
                Arguments.of("port = 9001\naccess = [\"allow 10.0.0.0/8\", \"deny everyone\"]", 6, l2 + ".access must"
                        + " be a list of " + tcpecho.common.net.AccessList.ACCEPTED + " (got \"deny everyone\":"
                        + " \"everyone\" is not a literal IPv4 or IPv6 address)"),
                Arguments.of("port = 9001\nudp-loop-guard = false", 6, l2 + ".udp-loop-guard is only for protocol"
                        + " echo-udp (this listener is echo)"),
                Arguments.of("protocol = \"echo-udp\"\nport = 9001\nudp-rate-per-source = \"9/h\"", 7, l2
                        + ".udp-rate-per-source must be " + tcpecho.common.launch.Rate.ACCEPTED + " (got \"9/h\")"),
                Arguments.of("prot = 9001\nport = 9001", 5, l2 + ": unknown key 'prot' (known keys: name, protocol, bind, port,"
                        + " upstream, connect-timeout, dump, dump-file, dump-format, upstream-tls, upstream-tls-ca,"
                        + " send-proxy-protocol, access,"
                        + " udp-loop-guard, udp-rate-per-source, max-connections-per-ip, connect-rate-per-ip,"
                        + " proxy-protocol, proxy-protocol-from, proxy-protocol-timeout, tls-cert, tls-key, tls-client-ca,"
                        + " tls-protocols, tls-handshake-timeout, fault); did you mean 'port'?"),
                Arguments.of("port = 9001\nproxy-protocol = \"yes\"", 6, l2 + ".proxy-protocol must be true or false"
                        + " (got \"yes\")"),
                Arguments.of("port = 9001\nproxy-protocol = true", 6, l2 + ".proxy-protocol = true needs"
                        + " listener[2].proxy-protocol-from: the addresses or networks of the balancers whose headers are"
                        + " trusted, like [\"10.0.0.0/8\"] (a header from anyone else could claim any client address)"),
                Arguments.of("port = 9001\nproxy-protocol = true\nproxy-protocol-from = [\"10.1.2.3/8\"]", 7, l2
                        + ".proxy-protocol-from " + ProxyProtocolKeys.FROM_RULE + " (got \"10.1.2.3/8\""
                        + " has bits set past /8 (did you mean 10.0.0.0/8?))"),
                Arguments.of("port = 9001\nproxy-protocol = true\nproxy-protocol-from = [\"lb.example\"]", 7, l2
                        + ".proxy-protocol-from " + ProxyProtocolKeys.FROM_RULE + " (got \"lb.example\" is not a literal IPv4"
                        + " or IPv6 address)"),
                Arguments.of("port = 9001\nproxy-protocol-from = [\"10.0.0.1\"]", 6, l2 + ".proxy-protocol-from needs"
                        + " listener[2].proxy-protocol = true"),
                Arguments.of("port = 9001\nproxy-protocol = true\nproxy-protocol-from = \"10.0.0.1\"\n"
                        + "proxy-protocol-timeout = \"0s\"", 8, l2 + ".proxy-protocol-timeout must be at least 1ms (got 0s)"),
                Arguments.of("protocol = \"echo-udp\"\nport = 9001\nproxy-protocol = true", 7, l2
                        + ".proxy-protocol is only for TCP listeners (this listener is echo-udp)"),
                Arguments.of("port = 9001\nsend-proxy-protocol = \"v2\"", 6, l2 + ".send-proxy-protocol is only for"
                        + " protocol proxy (this listener is echo)"),
                Arguments.of("protocol = \"proxy\"\nport = 9001\nupstream = \"db:1\"\nsend-proxy-protocol = \"v3\"", 8,
                        l2 + ".send-proxy-protocol must be one of \"off\", \"v1\", \"v2\" (got \"v3\")"),
                Arguments.of(PROXY_DB + "\nupstream-tls = \"yes\"", 8, l2 + ".upstream-tls must be true or false (got \"yes\")"),
                Arguments.of(PROXY_DB + "\nupstream-tls = true\nsend-proxy-protocol = \"v2\"", 8, l2 + ".upstream-tls cannot be"
                        + " combined with send-proxy-protocol (the header would have to go out before the TLS handshake)"),
                Arguments.of("port = 9001\nupstream-tls = true", 6, l2 + ".upstream-tls is only for protocol proxy (this"
                        + " listener is echo)"),
                Arguments.of(PROXY_DB + "\nupstream-tls-ca = \"/nonexistent/ca.pem\"", 8, l2 + ".upstream-tls-ca needs "
                        + l2 + ".upstream-tls = true"),
                Arguments.of(PROXY_DB + "\nupstream-tls = true\nupstream-tls-ca = \"/nonexistent/ca.pem\"", 9, l2
                        + ".upstream-tls-ca: /nonexistent/ca.pem cannot be read: no such file"),
                Arguments.of("port = 9001\n" + TLS_FILES, 6, l2 + ".tls-cert: /nonexistent/c.pem cannot be read: no such file"),
                Arguments.of("port = 9001\ntls-cert = \"/nonexistent/c.pem\"", 6, l2 + ".tls-key is required with "
                        + l2 + ".tls-cert (a TLS listener needs both tls-cert and tls-key)"),
                Arguments.of("port = 9001\n" + TLS_FILES + "\ntls-client-ca = 5", 8, l2 + ".tls-client-ca must be a path in"
                        + " quotes (got 5)"),
                Arguments.of("port = 9001\n" + TLS_FILES + "\ntls-protocols = [\"TLSv1.1\"]", 8, l2 + ".tls-protocols must"
                        + " list one or both of \"TLSv1.3\", \"TLSv1.2\" (got an array; older versions are not offered)"),
                Arguments.of("port = 9001\n" + TLS_FILES + "\ntls-handshake-timeout = \"10m\"", 8, l2
                        + ".tls-handshake-timeout must be at most 5m (got 10m)"),
                Arguments.of("protocol = \"echo-udp\"\nport = 9001\ntls-cert = \"/nonexistent/c.pem\"", 7, l2 + ".tls-cert is only for TCP"
                        + " listeners (this listener is echo-udp)"),
                Arguments.of("port = 9001\nfault = 5", 6, l2 + ".fault must be an array of tables, written"
                        + " [[listener.fault]] under the listener (got 5)"),
                Arguments.of("port = 9001\n[[listener.fault]]\ntype = \"latency\"\nlatency = \"soon\"", 8, l2
                        + ".fault[1].latency must be a duration (200ms, 1.5s) or a number of milliseconds from 0 to"
                        + " 3600000 (got 'soon')"),
                Arguments.of("port = 9001\nmax-connections-per-ip = 1.5", 6, l2 + ".max-connections-per-ip must be a whole number"
                        + " between 0 and 1000000 (got 1.5)"),
                Arguments.of("protocol = \"echo-udp\"\nport = 9001\nconnect-rate-per-ip = \"5/s\"", 7, l2
                        + ".connect-rate-per-ip is only for TCP listeners (this listener is echo-udp)"),
                Arguments.of("port = 9000", 4, l2 + " conflicts with listener[1]: both listen on tcp port 9000 of *"),
                Arguments.of("bind = \"127.0.0.1\"\nport = 9000", 4, l2 + " conflicts with listener[1]: both listen on"
                        + " tcp port 9000, and * covers 127.0.0.1"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badListeners")
    void rejectsWithFileLineAndRule(String body, int line, String what) {
        Path file = Fixtures.toml(dir, "x.toml", "[[listener]]", "name = \"one\"", "port = 9000", "[[listener]]", body);

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":" + line + ": " + what, e.getMessage());
        assertEquals(file, e.file());
        assertEquals(line, e.line());
    }

    @Test
    void everyListenerKeyHasARow() {
        for (String key : ListenerTable.KEYS) {
            boolean covered = badListeners().anyMatch(a -> ((String) a.get()[2]).startsWith("listener[2]." + key + " "));
            assertEquals(true, covered, key);
        }
    }

    @Test
    void aPlainTableIsNotAListenerArray() {
        Path file = Fixtures.toml(dir, "x.toml", "port = 1", "[listener]", "port = 9000");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":2: listener must be an array of tables, written [[listener]] above each listener's keys"
                + " (got a table)", e.getMessage());
    }

    @Test
    void aMisspeltListenerArrayIsNamed() {
        Path file = Fixtures.toml(dir, "x.toml", "[[listeners]]", "port = 9000");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":1: unknown key 'listeners'; did you mean [[listener]], one table per listener?",
                e.getMessage());
    }

    @Test
    void udpAndTcpOnOnePortDoNotConflict() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "[[listener]]", "port = 9000", "[[listener]]",
                "protocol = \"echo-udp\"", "port = 9000");

        assertEquals(2, Fixtures.loader().load(file, Map.of()).listeners().size());
    }
}
