package tcpecho.master.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    /** A sample line of the text format: name, optional labels with escaped values, a number. */
    static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? -?[0-9]+(\\.[0-9]+)?");
    static final Pattern COMMENT = Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge))");

    static final MetricsSnapshot SNAPSHOT = new MetricsSnapshot("0.1.0", "abc1234", 1.7e9, 3, 2, 1, 2, 5_000_000_000L,
            List.of(new MetricsSnapshot.Worker(1, 101, 3, "ready", 4, 40, 4000, 3990, 4_500_000_000L, 40_000_000),
                    new MetricsSnapshot.Worker(2, 102, 3, "ready", 1, 10, 100, 100, 4_900_000_000L, -1)),
            List.of(new MetricsSnapshot.SlotRestarts(1, 0), new MetricsSnapshot.SlotRestarts(2, 5)),
            new MetricsSnapshot.Totals(77, 5000, 4990),
            List.of(new MetricsSnapshot.Listener("echo", "echo", 5, 70, 4900, 4890),
                    new MetricsSnapshot.Listener("dns \"cache\"", "proxy", 0, 7, 100, 100,
                            java.util.Map.of("denied", 3L)),
                    new MetricsSnapshot.Listener("udp", "echo-udp", 0, 9, 9, 2, java.util.Map.of("loop-port", 6L,
                            "own-socket", 1L))));

    @Test
    void everyLineFollowsTheExpositionGrammar() {
        String text = PrometheusText.render(SNAPSHOT, 6_000_000_000L);

        assertTrue(text.endsWith("\n"));
        for (String line : text.split("\n")) {
            assertTrue(SAMPLE.matcher(line).matches() || COMMENT.matcher(line).matches(), line);
        }
    }

    @Test
    void perWorkerSamplesCarrySlotAndPid() {
        List<String> lines = PrometheusText.render(SNAPSHOT, 6_000_000_000L).lines().toList();

        assertTrue(lines.contains("tcp_echo_accepted_total{slot=\"1\",pid=\"101\"} 40"), lines.toString());
        assertTrue(lines.contains("tcp_echo_connections{slot=\"2\",pid=\"102\"} 1"));
        assertTrue(lines.contains("tcp_echo_worker_heartbeat_age_seconds{slot=\"1\",pid=\"101\"} 1.500"));
        assertTrue(lines.contains("tcp_echo_worker_resident_memory_bytes{slot=\"1\",pid=\"101\"} 40000000"));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("tcp_echo_worker_resident_memory_bytes{slot=\"2\"")),
                "unknown RSS is left out, not reported as -1");
        assertTrue(lines.contains("tcp_echo_worker_restarts_total{slot=\"2\"} 5"));
        assertTrue(lines.contains("tcp_echo_workers{state=\"ready\"} 2"));
        assertTrue(lines.contains("tcp_echo_server_connections 5"));
        assertTrue(lines.contains("tcp_echo_server_accepted_total 77"));
        assertTrue(lines.contains("# TYPE tcp_echo_reloads_total counter"));
    }

    @Test
    void perListenerSamplesCarryListenerAndProtocol() {
        List<String> lines = PrometheusText.render(SNAPSHOT, 6_000_000_000L).lines().toList();

        assertTrue(lines.contains("# TYPE tcp_echo_listener_connections gauge"), lines.toString());
        assertTrue(lines.contains("tcp_echo_listener_connections{listener=\"echo\",protocol=\"echo\"} 5"), lines.toString());
        assertTrue(lines.contains("# TYPE tcp_echo_listener_accepted_total counter"));
        assertTrue(lines.contains("tcp_echo_listener_accepted_total{listener=\"echo\",protocol=\"echo\"} 70"));
        assertTrue(lines.contains("tcp_echo_listener_received_bytes_total{listener=\"dns \\\"cache\\\"\",protocol=\"proxy\"} 100"),
                lines.toString());
        assertTrue(lines.contains("tcp_echo_listener_sent_bytes_total{listener=\"echo\",protocol=\"echo\"} 4890"));
    }

    @Test
    void dropsByReasonEveryReasonOfAUdpListenerOnlySeenOnesOfATcpListener() {
        List<String> lines = PrometheusText.render(SNAPSHOT, 6_000_000_000L).lines().toList();

        assertTrue(lines.contains("# TYPE tcp_echo_listener_dropped_total counter"), lines.toString());
        assertTrue(lines.contains("tcp_echo_listener_dropped_total{listener=\"udp\",protocol=\"echo-udp\",reason=\"loop-port\"} 6"));
        assertTrue(lines.contains("tcp_echo_listener_dropped_total{listener=\"udp\",protocol=\"echo-udp\",reason=\"own-socket\"} 1"));
        assertTrue(lines.contains("tcp_echo_listener_dropped_total{listener=\"udp\",protocol=\"echo-udp\",reason=\"rate-worker\"} 0"));
        assertTrue(lines.contains("tcp_echo_listener_dropped_total{listener=\"dns \\\"cache\\\"\",protocol=\"proxy\","
                + "reason=\"denied\"} 3"), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("tcp_echo_listener_dropped_total{listener=\"dns")).count());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("tcp_echo_listener_dropped_total{listener=\"echo\"")));
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewline() {
        assertEquals("{a=\"x\\\\y\\\"z\\nw\",b=\"ok\"}", PrometheusText.labels("a", "x\\y\"z\nw", "b", "ok"));
    }
}
