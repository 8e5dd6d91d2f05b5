package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --metrics serves the Prometheus text format over HTTP, scraped here as Prometheus would. */
class MetricsIT {
    /** One sample: name, optional labels (escaped values), a number; the text format's grammar. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? (-?[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern HELP_OR_TYPE = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final Masters masters = new Masters();

    @TempDir
    Path dir;

    @Test
    void scrapeShowsPerWorkerAndServerCountersAfterRealConnections() throws Exception {
        int metricsPort = MasterProcess.freePort();
        MasterProcess master = masters.start("--metrics", "127.0.0.1:" + metricsPort);
        List<Long> workerPids = master.workerPids();
        int connections = 12;
        for (int i = 0; i < connections; i++) {
            byte[] data = EchoClient.random(1000, i);
            assertArrayEquals(data, EchoClient.echo(master.port, data));
        }

        // Heartbeats carry the counters once a second: poll until they have arrived.
        Scrape scrape = Poll.until(Duration.ofSeconds(15), "server_accepted_total >= " + connections, () -> {
            Scrape s = scrape(metricsPort);
            return s.value("tcp_echo_server_accepted_total", "") >= connections
                    && s.value("tcp_echo_server_sent_bytes_total", "") >= connections * 1000L ? s : null;
        });

        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType);
        assertTrue(scrape.value("tcp_echo_server_received_bytes_total", "") >= connections * 1000L, scrape.text);
        long perWorkerAccepted = 0;
        for (int slot = 1; slot <= workerPids.size(); slot++) {
            String labels = "{slot=\"" + slot + "\",pid=\"" + workerPids.get(slot - 1) + "\"}";
            perWorkerAccepted += scrape.value("tcp_echo_accepted_total", labels);
            assertEquals(0, scrape.value("tcp_echo_connections", labels), scrape.text);
            assertTrue(scrape.value("tcp_echo_worker_resident_memory_bytes", labels) > 10_000_000, scrape.text);
            assertTrue(scrape.value("tcp_echo_worker_heartbeat_age_seconds", labels) < 5, scrape.text);
            assertEquals(0, scrape.value("tcp_echo_worker_restarts_total", "{slot=\"" + slot + "\"}"), scrape.text);
        }
        assertEquals(connections, perWorkerAccepted, scrape.text);
        assertEquals(2, scrape.value("tcp_echo_workers", "{state=\"ready\"}"), scrape.text);
        assertEquals(0, scrape.value("tcp_echo_reloads_total", ""), scrape.text);
        assertEquals(1, scrape.value("tcp_echo_generation", ""), scrape.text);
        assertTrue(scrape.text.contains("tcp_echo_build_info{version=\""), scrape.text);
    }

    @Test
    void theServerTotalsKeepCountingAcrossAReloadWhilePerWorkerCountersStartAgain() throws Exception {
        int metricsPort = MasterProcess.freePort();
        MasterProcess master = masters.start("--metrics", "127.0.0.1:" + metricsPort);
        for (int i = 0; i < 5; i++) {
            EchoClient.echo(master.port, EchoClient.random(100, i));
        }
        Poll.until(Duration.ofSeconds(15), "5 accepted", () -> scrape(metricsPort).value("tcp_echo_server_accepted_total", "") >= 5);

        assertEquals(0, master.cli("reload").code());

        Scrape after = Poll.until(Duration.ofSeconds(15), "the reload counted and old workers reaped", () -> {
            Scrape s = scrape(metricsPort);
            return s.value("tcp_echo_reloads_total", "") == 1 && s.value("tcp_echo_workers", "{state=\"draining\"}") == 0
                    && s.value("tcp_echo_generation", "") == 2 ? s : null;
        });
        assertTrue(after.value("tcp_echo_server_accepted_total", "") >= 5, "reaped workers' counts are kept: " + after.text);
    }

    @Test
    void eachListenerHasItsOwnSeriesWhoseCountersSurviveTheWorkersExit() throws Exception {
        int metricsPort = MasterProcess.freePort();
        int discardPort = MasterProcess.freePort();
        MasterProcess master = masters.create();
        master.start("--metrics", "127.0.0.1:" + metricsPort, "--listen", "echo:127.0.0.1:" + master.port,
                "--listen", "discard:127.0.0.1:" + discardPort);
        String echo = "{listener=\"echo-" + master.port + "\",protocol=\"echo\"}";
        String discard = "{listener=\"discard-" + discardPort + "\",protocol=\"discard\"}";
        for (int i = 0; i < 3; i++) {
            EchoClient.echo(master.port, EchoClient.random(1000, i));
        }
        try (EchoClient open = new EchoClient(discardPort)) {
            open.socket.getOutputStream().write(EchoClient.random(5000, 9));
            Scrape during = Poll.until(Duration.ofSeconds(15), "both listeners' traffic in the scrape", () -> {
                Scrape s = scrape(metricsPort);
                return s.value("tcp_echo_listener_sent_bytes_total", echo) == 3000
                        && s.value("tcp_echo_listener_received_bytes_total", discard) == 5000 ? s : null;
            });
            assertEquals(List.of(0L, 3L, 3000L, 3000L), listener(during, echo));
            assertEquals(List.of(1L, 1L, 5000L, 0L), listener(during, discard));
        }
        Poll.until(Duration.ofSeconds(15), "the discard connection closed",
                () -> scrape(metricsPort).value("tcp_echo_listener_connections", discard) == 0);

        assertEquals(0, master.cli("reload").code());

        Scrape after = Poll.until(Duration.ofSeconds(15), "the old workers reaped", () -> {
            Scrape s = scrape(metricsPort);
            return s.value("tcp_echo_generation", "") == 2 && s.value("tcp_echo_workers", "{state=\"draining\"}") == 0
                    && s.value("tcp_echo_workers", "{state=\"ready\"}") == 2 ? s : null;
        });
        assertEquals(List.of(0L, 3L, 3000L, 3000L), listener(after, echo), "counts of exited workers are kept");
        assertEquals(List.of(0L, 1L, 5000L, 0L), listener(after, discard), after.text);
    }

    /** {connections, accepted, received bytes, sent bytes} of one listener. */
    private static List<Long> listener(Scrape scrape, String labels) {
        return List.of(scrape.value("tcp_echo_listener_connections", labels),
                scrape.value("tcp_echo_listener_accepted_total", labels),
                scrape.value("tcp_echo_listener_received_bytes_total", labels),
                scrape.value("tcp_echo_listener_sent_bytes_total", labels));
    }

    @Test
    void aReloadThatChangesTheAddressMovesTheEndpoint() throws Exception {
        int first = MasterProcess.freePort();
        int second = MasterProcess.freePort();
        Path config = dir.resolve("m.toml");
        Files.writeString(config, "metrics = \"127.0.0.1:" + first + "\"\n");
        MasterProcess master = masters.start("-c", config.toString());
        assertEquals(200, scrape(first).status);

        Files.writeString(config, "metrics = \"127.0.0.1:" + second + "\"\n");
        Cli.Result reload = master.cli("reload");

        assertEquals(0, reload.code(), reload.toString());
        assertEquals(200, scrape(second).status);
        assertNull(scrapeOrNull(first), "nothing listens on the old metrics port any more");
    }

    @Test
    void aMetricsAddressInUseStopsTheStartWithExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            MasterProcess master = masters.create();

            Cli.Result start = Cli.master(master.startArgs("--metrics", "127.0.0.1:" + taken.getLocalPort())
                    .toArray(String[]::new));

            assertEquals(1, start.code(), start.toString());
            assertTrue(start.stderr().contains("cannot start: metrics: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use"), start + "\n" + master.log());
        }
    }

    @Test
    void aBadMetricsFlagIsAUsageError() {
        Cli.Result start = Cli.master("check", "--metrics", "localhost:9145");

        assertEquals(2, start.code(), start.toString());
        assertTrue(start.stderr().contains("--metrics: metrics must be \"\" (off) or ADDRESS:PORT"), start.toString());
    }

    private static Scrape scrape(int port) {
        Scrape scrape = scrapeOrNull(port);
        if (scrape == null) {
            throw new AssertionError("nothing answers on http://127.0.0.1:" + port + "/metrics");
        }
        return scrape;
    }

    private static Scrape scrapeOrNull(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Scrape(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException refused) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** A parsed scrape: every line checked against the grammar, every sample's family declared first. */
    private record Scrape(int status, String contentType, String text, Map<String, Double> samples) {
        Scrape(int status, String contentType, String text) {
            this(status, contentType, text, parse(text));
        }

        long value(String name, String labels) {
            Double value = samples.get(name + labels);
            if (value == null) {
                throw new AssertionError("no sample " + name + labels + " in:\n" + text);
            }
            return value.longValue();
        }

        private static Map<String, Double> parse(String text) {
            Map<String, Double> samples = new HashMap<>();
            Set<String> typed = new HashSet<>();
            Set<String> helped = new HashSet<>();
            for (String line : text.split("\n")) {
                Matcher comment = HELP_OR_TYPE.matcher(line);
                Matcher sample = SAMPLE.matcher(line);
                if (comment.matches()) {
                    (comment.group(1).equals("TYPE") ? typed : helped).add(comment.group(2));
                    if (comment.group(1).equals("TYPE")) {
                        assertTrue(Set.of("counter", "gauge").contains(comment.group(3)), line);
                        assertEquals(comment.group(2).endsWith("_total"), comment.group(3).equals("counter"),
                                "counters and only counters end in _total: " + line);
                    }
                } else if (sample.matches()) {
                    assertTrue(typed.contains(sample.group(1)) && helped.contains(sample.group(1)),
                            "HELP and TYPE precede " + line);
                    assertNull(samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                            Double.parseDouble(sample.group(3))), "duplicate series " + line);
                } else {
                    throw new AssertionError("not exposition format: '" + line + "'");
                }
            }
            return samples;
        }
    }
}
