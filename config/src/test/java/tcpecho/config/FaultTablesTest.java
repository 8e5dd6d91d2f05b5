package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultStream;
import tcpecho.common.fault.FaultType;

/** [[listener.fault]] tables: what they give the listener, and each mistake with its file and line. */
class FaultTablesTest {
    @TempDir
    Path dir;

    @Test
    void faultTablesBecomeTheListenersFaultsWithToxiproxysDefaults() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "[[listener]]", "port = 9000",
                "[[listener.fault]]", "type = \"latency\"", "latency = \"200ms\"", "jitter = 50",
                "[[listener.fault]]", "type = \"slow_close\"", "stream = \"upstream\"", "delay = \"1s\"",
                "name = \"late\"", "toxicity = \"50%\"");

        Settings s = Fixtures.loader().load(file, Map.of());

        assertEquals(List.of(
                Fault.of(FaultType.LATENCY, FaultStream.DOWNSTREAM, null, 1, Map.of("latency", "200", "jitter", "50")),
                Fault.of(FaultType.SLOW_CLOSE, FaultStream.UPSTREAM, "late", 0.5, Map.of("delay", "1000"))),
                s.listeners().get(0).options().faults());
    }

    @Test
    void eachMistakeNamesItsLineAndTheRule() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "[[listener]]", "port = 9000",
                "[[listener.fault]]", "type = \"latency\"", "latency = -1",
                "[[listener.fault]]", "type = \"loss\"", "probability = 0.5",
                "[[listener.fault]]", "type = \"bandwidth\"",
                "[[listener.fault]]", "type = \"limit-data\"", "bytes = 5", "name = \"x\"",
                "[[listener.fault]]", "type = \"limit-data\"", "bytes = 6", "name = \"x\"", "stream = \"sideways\"",
                "[[listener]]", "port = 9001", "protocol = \"daytime\"",
                "[[listener.fault]]", "type = \"latency\"", "latency = 5");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(String.join("\n",
                file + ":5: listener[1].fault[1].latency must be a duration (200ms, 1.5s) or a number of"
                        + " milliseconds from 0 to 3600000 (got '-1')",
                file + ":7: listener[1].fault[2].type loss is not for echo listeners (loss is for echo-udp only)",
                file + ":9: listener[1].fault[3]: bandwidth needs rate (a rate in KB/s (1 KB = 1000 bytes) from 1"
                        + " to 10000000)",
                file + ":19: listener[1].fault[5].stream must be upstream or downstream (got \"sideways\")",
                file + ":23: listener[2].fault: faults are only for echo, proxy and echo-udp listeners (this"
                        + " listener is daytime)"), e.getMessage());
    }
}
