package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /ready} on the metrics endpoint, asked with the real curl as a load balancer or a
 * Kubernetes readiness probe would: 200 while the master serves, 503 from the moment a stop begins
 * while open connections still drain, and still answered across a live upgrade (which hands the
 * metrics socket to the new master; before, the new master could not bind it and the upgrade failed).
 */
class ReadyIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void readyUntilAGracefulStopBeginsThen503WhileAConnectionHoldsTheDrain() throws Exception {
        int metricsPort = MasterProcess.freePort();
        MasterProcess master = masters.start("--metrics", "127.0.0.1:" + metricsPort, "--shutdown-timeout", "30s");

        assertEquals(new Answer(200, "ready\n"), curl(metricsPort));

        try (EchoClient held = new EchoClient(master.port)) {
            byte[] before = EchoClient.random(100, 1);
            assertArrayEquals(before, held.exchange(before));
            master.process().destroy(); // SIGTERM: a graceful stop

            Answer stopping = Poll.until(Duration.ofSeconds(10), "/ready answers 503",
                    () -> curl(metricsPort).code == 503 ? curl(metricsPort) : null);
            assertEquals(new Answer(503, "stopping: open connections are draining, new ones are not wanted\n"), stopping);
            assertTrue(master.process().isAlive(), "the master waits for the held connection");
            byte[] during = EchoClient.random(100, 2);
            assertArrayEquals(during, held.exchange(during), "the held connection still echoes while /ready says 503");
        }
        Poll.until(Duration.ofSeconds(15), "the master exits once the held connection closed", () -> !master.process().isAlive());
        assertEquals(0, master.process().exitValue(), master.log());
    }

    @Test
    void aLiveUpgradeHandsTheMetricsSocketOnAndTheNewMasterAnswersReady() {
        int metricsPort = MasterProcess.freePort();
        MasterProcess master = masters.start("--metrics", "127.0.0.1:" + metricsPort);
        long oldPid = master.pid();

        Cli.Result upgrade = master.cli("upgrade");
        Matcher upgraded = Pattern.compile("upgraded: master pid (\\d+) ").matcher(upgrade.stdout());
        if (upgraded.find()) {
            master.adopt(Long.parseLong(upgraded.group(1))); // so that the cleanup stops the new master
        }

        assertEquals(0, upgrade.code(), upgrade + master.log());
        Poll.until(Duration.ofSeconds(15), "the old master exits", () -> Pids.gone(oldPid));
        assertEquals(new Answer(200, "ready\n"), curl(metricsPort), master.log());
    }

    record Answer(int code, String body) {
    }

    /** {@code curl http://127.0.0.1:PORT/ready}: the status code and the body. */
    private static Answer curl(int port) {
        Cli.Result result = Cli.run(List.of("curl", "-sS", "--max-time", "5", "-w", "\n%{http_code}",
                "http://127.0.0.1:" + port + "/ready"));
        assertEquals(0, result.code(), "curl: " + result);
        String out = result.stdout();
        int split = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(split + 1).trim()), out.substring(0, split));
    }
}
