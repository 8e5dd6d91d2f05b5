package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad --listen values: one line naming --listen, the rule and the value as given. */
class ListenFlagErrorsTest {

    static Stream<Arguments> badSpecs() {
        String grammar = "PROTOCOL:[ADDRESS:]PORT or proxy:[ADDRESS:]PORT=HOST:PORT";
        return Stream.of(
                Arguments.of("8090", "listen must be " + grammar + " (got \"8090\")"),
                Arguments.of("echo", "listen must be " + grammar + " (got \"echo\")"),
                Arguments.of("echo:::1:80", "listen must be " + grammar + " (got \"echo:::1:80\")"),
                Arguments.of("http:80", "listen protocol must be one of echo, echo-udp, daytime, discard, chargen, proxy"
                        + " (got \"http:80\")"),
                Arguments.of("echo:0", "listen port must be between 1 and 65535 (got \"echo:0\")"),
                Arguments.of("echo:http", "listen port must be between 1 and 65535 (got \"echo:http\")"),
                Arguments.of("echo:localhost:80", "listen address must be a literal IPv4 address or an IPv6 one in"
                        + " brackets like [::1], not a host name (got \"echo:localhost:80\")"),
                Arguments.of("echo:80=db:1", "listen takes =HOST:PORT only for proxy (got \"echo:80=db:1\")"),
                Arguments.of("proxy:6479", "listen for proxy needs its upstream: proxy:[ADDRESS:]PORT=HOST:PORT"
                        + " (got \"proxy:6479\")"),
                Arguments.of("proxy:6479=db", "listen upstream must be " + HostPort.ACCEPTED + " (got \"proxy:6479=db\")"),
                Arguments.of("proxy:6479=db:99999", "listen upstream must be " + HostPort.ACCEPTED
                        + " (got \"proxy:6479=db:99999\")"));
    }

    @ParameterizedTest(name = "--listen {0}")
    @MethodSource("badSpecs")
    void rejectsWithOneLine(String spec, String what) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader().load(null, Map.of(), new ListenFlags(List.of("echo:9000", spec), false)));

        assertEquals("--listen: " + what, e.getMessage());
    }

    @ParameterizedTest(name = "--listen {0} twice")
    @MethodSource("tcpTwice")
    void twoListenersOnOnePortConflict(String first, String second, String what) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Fixtures.loader().load(null, Map.of(), new ListenFlags(List.of(first, second), false)));

        assertEquals("--listen: " + what, e.getMessage());
    }

    static Stream<Arguments> tcpTwice() {
        return Stream.of(
                Arguments.of("echo:9000", "daytime:9000", "daytime:9000 conflicts with echo:9000: both listen on tcp"
                        + " port 9000 of *"),
                Arguments.of("echo:127.0.0.1:9000", "proxy:9000=db:1", "proxy:9000=db:1 conflicts with"
                        + " echo:127.0.0.1:9000: both listen on tcp port 9000, and * covers 127.0.0.1"),
                Arguments.of("echo-udp:0.0.0.0:7", "echo-udp:127.0.0.1:7", "echo-udp:127.0.0.1:7 conflicts with"
                        + " echo-udp:0.0.0.0:7: both listen on udp port 7, and 0.0.0.0 covers 127.0.0.1"));
    }
}
