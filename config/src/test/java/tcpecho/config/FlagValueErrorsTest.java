package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key with a bad value given as a flag: one line naming the flag, the rule and the value. */
class FlagValueErrorsTest {

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of("port", "http", "--port: port must be a whole number between 1 and 65535 (got http)"),
                Arguments.of("bind", "localhost", "--bind: bind must be \"*\" (all interfaces) or a literal IPv4 or"
                        + " IPv6 address, not a host name (got localhost)"),
                Arguments.of("workers", "0", "--workers: workers must be \"auto\" or a whole number between 1 and 1024"
                        + " (got 0)"),
                Arguments.of("control-socket", "", "--control-socket: control-socket must be a path (got \"\")"),
                Arguments.of("pid-file", "", "--pid-file: pid-file must be a path (got \"\")"),
                Arguments.of("log-level", "loud", "--log-level: log-level must be one of debug, info, warn, error"
                        + " (got loud)"),
                Arguments.of("shutdown-timeout", "2h", "--shutdown-timeout: shutdown-timeout must be at most 1h"
                        + " (got 2h)"),
                Arguments.of("ready-timeout", "0", "--ready-timeout: ready-timeout must be at least 1s (got 0)"),
                Arguments.of("drain-timeout", "soon", "--drain-timeout: drain-timeout must be " + Durations.ACCEPTED
                        + " (got soon)"),
                Arguments.of("worker-timeout", "1s", "--worker-timeout: worker-timeout must be at least 2s (got 1s)"),
                Arguments.of("idle-timeout", "-1s", "--idle-timeout: idle-timeout must be " + Durations.ACCEPTED
                        + " (got -1s)"),
                Arguments.of("max-connections", "1e3", "--max-connections: max-connections must be a whole number"
                        + " between 0 and 1000000 (got 1e3)"),
                Arguments.of("backlog", "0", "--backlog: backlog must be between 1 and 65535 (got 0)"),
                Arguments.of("max-unsent", "64k", "--max-unsent: max-unsent must be " + Sizes.ACCEPTED + " (got 64k)"),
                Arguments.of("tcp-nodelay", "on", "--tcp-nodelay: tcp-nodelay must be true or false (got on)"),
                Arguments.of("keepalive", "1", "--keepalive: keepalive must be true or false (got 1)"),
                Arguments.of("send-reset", "yes", "--send-reset: send-reset must be true or false (got yes)"),
                Arguments.of("linger-timeout", "11m", "--linger-timeout: linger-timeout must be at most 10m (got 11m)"),
                Arguments.of("worker-cpu-affinity", "0,x", "--worker-cpu-affinity: worker-cpu-affinity must be \"off\","
                        + " \"auto\" or a list of CPU numbers 0..1023 like \"0,1\" (got 0,x: \"x\" is not a CPU number)"),
                Arguments.of("metrics", "localhost:9145", "--metrics: metrics must be \"\" (off) or ADDRESS:PORT with a"
                        + " literal IP address or *, like \"127.0.0.1:9145\" (got localhost:9145)"),
                Arguments.of("log-format", "xml", "--log-format: log-format must be one of plain, json (got xml)"),
                Arguments.of("udp-loop-guard", "off", "--udp-loop-guard: udp-loop-guard must be true or false (got off)"),
                Arguments.of("udp-rate-per-source", "100", "--udp-rate-per-source: udp-rate-per-source must be"
                        + " \"off\" or N/s or N/m with N from 1 to 100000000 (like \"100/s\") (got 100)"),
                Arguments.of("udp-rate-per-worker", "0/s", "--udp-rate-per-worker: udp-rate-per-worker must be"
                        + " \"off\" or N/s or N/m with N from 1 to 100000000 (like \"100/s\") (got 0/s)"),
                Arguments.of("access", "allow 10.0.0.1/8", "--access: access must be a list of rules \"allow"
                        + " ADDRESS[/BITS]\", \"deny ADDRESS[/BITS]\", \"allow all\" or \"deny all\" (ADDRESS a literal"
                        + " IPv4 or IPv6 address), checked in order, the first match wins (got \"allow 10.0.0.1/8\" has"
                        + " bits set past /8 (did you mean 10.0.0.0/8?))"),
                Arguments.of("max-connections-per-ip", "-1", "--max-connections-per-ip: max-connections-per-ip must be"
                        + " between 0 and 1000000 (got -1)"),
                Arguments.of("connect-rate-per-ip", "5/h", "--connect-rate-per-ip: connect-rate-per-ip must be"
                        + " \"off\" or N/s or N/m with N from 1 to 100000000 (like \"100/s\") (got 5/h)"));
    }

    @ParameterizedTest(name = "--{0} {1}")
    @MethodSource("badFlags")
    void rejectsWithFlagRuleAndValue(String key, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(null, Map.of(key, value)));

        assertEquals(message, e.getMessage());
        assertEquals(key, e.key());
    }

    /** log-file accepts "" (stdout), so it has no bad flag value short of an invalid path. */
    @Test
    void everyKeyWithARuleIsInTheTable() {
        long covered = badFlags().map(a -> a.get()[0]).distinct().count();
        assertEquals(SettingRows.STANDARD.keys().size() - 1, covered);
    }
}
