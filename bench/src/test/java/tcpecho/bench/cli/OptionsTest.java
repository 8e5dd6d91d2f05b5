package tcpecho.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "throughput -c -5            | Invalid value for option '--connections': must be at least 1, was -5",
        "throughput -c 0             | Invalid value for option '--connections': must be at least 1, was 0",
        "throughput -s x             | Invalid value for option '--size': 'x' is not a whole number",
        "throughput -d 0             | Invalid value for option '--duration': must be greater than 0, was 0",
        "latency -d 10h              | Invalid value for option '--duration': '10h' is not a duration (use e.g. 10, 10s, 500ms, 2m)",
        "latency -r 0                | Invalid value for option '--rate': must be at least 1, was 0",
        "churn --rate -1             | Invalid value for option '--rate': must be 0 or more, was -1",
        "hold -p 70000               | Invalid value for option '--port': port must be 1-65535, was 70000",
        "hold -p 0                   | Invalid value for option '--port': port must be 1-65535, was 0",
        "churn --timeout -1s         | Invalid value for option '--timeout': must be greater than 0, was -1s",
        "throughput --host 192.0.2.1 | is not a loopback address; a load generator only targets other machines with --allow-remote",
        "throughput --nope           | Unknown option: '--nope'",
        "''                          | Missing mode: one of throughput, latency, churn, hold",
    })
    void badValuesAreUsageErrors(String line, String message) {
        Run run = Run.of(line.isEmpty() ? new String[0] : line.trim().split("\\s+"));
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains(message), run.toString());
        assertTrue(run.err().contains("Usage:"), run.toString());
    }

    @Test
    void helpExitsZero() {
        Run run = Run.of("churn", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--rate"), run.out());
    }
}
