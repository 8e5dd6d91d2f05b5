package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key with a bad value in the file: the exact message, with file and line. */
class FileValueErrorsTest {
    private static final String LONG_PATH = "/" + "s".repeat(100);

    @TempDir
    Path dir;

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("port", "70000", "port must be between 1 and 65535 (got 70000)"),
                Arguments.of("port", "0", "port must be between 1 and 65535 (got 0)"),
                Arguments.of("port", "\"9000\"", "port must be a whole number between 1 and 65535 (got \"9000\")"),
                Arguments.of("port", "80.5", "port must be a whole number between 1 and 65535 (got 80.5)"),
                Arguments.of("bind", "\"localhost\"", "bind must be \"*\" (all interfaces) or a literal IPv4 or IPv6"
                        + " address, not a host name (got \"localhost\")"),
                Arguments.of("bind", "\"256.0.0.1\"", "bind must be \"*\" (all interfaces) or a literal IPv4 or IPv6"
                        + " address, not a host name (got \"256.0.0.1\")"),
                Arguments.of("bind", "0", "bind must be \"*\" (all interfaces) or a literal IPv4 or IPv6"
                        + " address, not a host name (got 0)"),
                Arguments.of("workers", "1.5", "workers must be \"auto\" or a whole number between 1 and 1024 (got 1.5)"),
                Arguments.of("workers", "0", "workers must be \"auto\" or a whole number between 1 and 1024 (got 0)"),
                Arguments.of("workers", "1025", "workers must be \"auto\" or a whole number between 1 and 1024 (got 1025)"),
                Arguments.of("workers", "\"many\"",
                        "workers must be \"auto\" or a whole number between 1 and 1024 (got \"many\")"),
                Arguments.of("control-socket", "5", "control-socket must be a path in quotes (got 5)"),
                Arguments.of("control-socket", "\"\"", "control-socket must be a path (got \"\")"),
                Arguments.of("control-socket", "\"" + LONG_PATH + "\"",
                        "control-socket must be a path of at most 100 bytes (got 101 bytes: " + LONG_PATH + ")"),
                Arguments.of("pid-file", "true", "pid-file must be a path in quotes (got true)"),
                Arguments.of("pid-file", "\"\"", "pid-file must be a path (got \"\")"),
                Arguments.of("log-file", "[\"a\"]", "log-file must be a path in quotes (got an array)"),
                Arguments.of("log-level", "\"verbose\"", "log-level must be one of debug, info, warn, error (got \"verbose\")"),
                Arguments.of("log-level", "1", "log-level must be one of debug, info, warn, error (got 1)"),
                Arguments.of("shutdown-timeout", "-1", "shutdown-timeout must be at least 0s (got -1s)"),
                Arguments.of("shutdown-timeout", "\"2h\"", "shutdown-timeout must be at most 1h (got 2h)"),
                Arguments.of("ready-timeout", "0", "ready-timeout must be at least 1s (got 0s)"),
                Arguments.of("ready-timeout", "\"301s\"", "ready-timeout must be at most 5m (got 301s)"),
                Arguments.of("ready-timeout", "\"ten\"", "ready-timeout must be a duration like \"500ms\", \"10s\","
                        + " \"2m\" or \"1h\", or whole seconds (got \"ten\")"),
                Arguments.of("drain-timeout", "\"25h\"", "drain-timeout must be at most 24h (got 25h)"),
                Arguments.of("drain-timeout", "{ s = 1 }", "drain-timeout must be a duration like \"500ms\", \"10s\","
                        + " \"2m\" or \"1h\", or whole seconds (got a table)"),
                Arguments.of("worker-timeout", "\"1500ms\"", "worker-timeout must be at least 2s (got 1500ms)"),
                Arguments.of("worker-timeout", "1.5", "worker-timeout must be a duration like \"500ms\", \"10s\","
                        + " \"2m\" or \"1h\", or whole seconds (got 1.5)"),
                Arguments.of("idle-timeout", "\"25h\"", "idle-timeout must be at most 24h (got 25h)"),
                Arguments.of("idle-timeout", "-5", "idle-timeout must be at least 0s (got -5s)"),
                Arguments.of("max-connections", "-1", "max-connections must be between 0 and 1000000 (got -1)"),
                Arguments.of("max-connections", "\"lots\"",
                        "max-connections must be a whole number between 0 and 1000000 (got \"lots\")"),
                Arguments.of("backlog", "0", "backlog must be between 1 and 65535 (got 0)"),
                Arguments.of("backlog", "70000", "backlog must be between 1 and 65535 (got 70000)"),
                Arguments.of("max-unsent", "100", "max-unsent must be between 1KiB and 16MiB (got 100)"),
                Arguments.of("max-unsent", "\"32MiB\"", "max-unsent must be between 1KiB and 16MiB (got 32MiB)"),
                Arguments.of("max-unsent", "\"64KB\"", "max-unsent must be a size like \"64KiB\" or \"1MiB\","
                        + " or whole bytes (got \"64KB\")"),
                Arguments.of("tcp-nodelay", "\"yes\"", "tcp-nodelay must be true or false (got \"yes\")"),
                Arguments.of("keepalive", "1", "keepalive must be true or false (got 1)"),
                Arguments.of("send-reset", "\"true\"", "send-reset must be true or false (got \"true\")"),
                Arguments.of("linger-timeout", "\"forever\"", "linger-timeout must be a duration like \"500ms\", \"10s\","
                        + " \"2m\" or \"1h\", or whole seconds (got \"forever\")"),
                Arguments.of("worker-cpu-affinity", "true", "worker-cpu-affinity must be \"off\", \"auto\" or a list"
                        + " of CPU numbers 0..1023 like \"0,1\" (got true)"),
                Arguments.of("worker-cpu-affinity", "\"0,x\"", "worker-cpu-affinity must be \"off\", \"auto\" or a"
                        + " list of CPU numbers 0..1023 like \"0,1\" (got \"0,x\": \"x\" is not a CPU number)"),
                Arguments.of("worker-cpu-affinity", "\"0,,1\"", "worker-cpu-affinity must be \"off\", \"auto\" or a"
                        + " list of CPU numbers 0..1023 like \"0,1\" (got \"0,,1\": an empty entry)"),
                Arguments.of("worker-cpu-affinity", "\"2048\"", "worker-cpu-affinity must be \"off\", \"auto\" or a"
                        + " list of CPU numbers 0..1023 like \"0,1\" (got \"2048\": CPU 2048 is above 1023)"),
                Arguments.of("metrics", "9145", "metrics must be \"\" (off) or ADDRESS:PORT with a literal IP address"
                        + " or *, like \"127.0.0.1:9145\" (got 9145)"),
                Arguments.of("metrics", "\"127.0.0.1:70000\"", "metrics must be \"\" (off) or ADDRESS:PORT with a"
                        + " literal IP address or *, like \"127.0.0.1:9145\" (got \"127.0.0.1:70000\")"),
                Arguments.of("metrics", "\"::1:9145\"", "metrics must be \"\" (off) or ADDRESS:PORT with a literal"
                        + " IP address or *, like \"127.0.0.1:9145\" (got \"::1:9145\")"),
                Arguments.of("log-format", "\"text\"", "log-format must be one of plain, json (got \"text\")"),
                Arguments.of("log-format", "true", "log-format must be one of plain, json (got true)"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void rejectsWithKeyRuleAndLine(String key, String tomlValue, String what) {
        Path file = Fixtures.toml(dir, "x.toml", "# line 1", "", key + " = " + tomlValue);

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":3: " + what, e.getMessage());
        assertEquals(file, e.file());
        assertEquals(3, e.line());
        assertEquals(key, e.key());
    }
}
