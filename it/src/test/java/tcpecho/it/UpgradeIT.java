package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tcpecho.bench.ChurnLoad;
import tcpecho.bench.FailureKind;

/**
 * Live upgrade (NGINX's USR2): a new master from the files on disk takes over the listening
 * sockets, the control socket and the pid file; the old one drains and exits. No client notices.
 */
class UpgradeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern UPGRADED = Pattern.compile("upgraded: master pid (\\d+) \\(was (\\d+)\\) is serving with 2 workers");

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void fiveUpgradesUnderChurnLoseNoConnection() throws Exception {
        MasterProcess master = masters.start();
        List<Long> oldWorkers = new ArrayList<>(master.workerPids());
        ChurnLoad load = ChurnLoad.start("127.0.0.1", master.port, 200, 256);
        List<Long> millis = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                long old = master.pid();
                long started = System.nanoTime();
                Cli.Result upgrade = master.cli("upgrade");
                millis.add((System.nanoTime() - started) / 1_000_000);
                assertEquals(0, upgrade.code(), upgrade.toString());
                Matcher m = UPGRADED.matcher(upgrade.stdout().strip());
                assertTrue(m.matches(), upgrade.stdout());
                long next = Long.parseLong(m.group(1));
                assertEquals(old, Long.parseLong(m.group(2)));
                master.adopt(next);
                assertEquals(next, pidFile(master), "the pid file names the new master");
                Poll.until(WAIT, "old master " + old + " to exit", () -> Pids.gone(old));
                oldWorkers.addAll(master.workerPids());
                Thread.sleep(500);
            }
        } finally {
            ChurnLoad.Result result = load.stop();
            System.out.println("5 upgrades under churn: " + result + "; upgrade command took " + millis + " ms");
            long failedConnects = result.failures().getOrDefault(FailureKind.CONNECT_REFUSED, 0L)
                    + result.failures().getOrDefault(FailureKind.CONNECT_TIMEOUT, 0L);
            assertEquals(0, failedConnects, result.toString());
            assertEquals(0, result.failureCount(), result.toString());
            assertTrue(result.successes() > 500, result.toString());
        }
        List<Long> current = master.workerPids();
        oldWorkers.removeAll(current);
        Poll.until(WAIT, "every worker of the old masters to exit", () -> oldWorkers.stream().allMatch(Pids::gone));
        byte[] data = EchoClient.random(10_000, 9);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
    }

    @Test
    void usr2UpgradesAndStatusNamesTheNewMaster() throws Exception {
        MasterProcess master = masters.start();
        long old = master.pid();

        Pids.signal(old, "USR2");

        long next = Poll.until(WAIT, "a new master in the pid file", () -> {
            long pid = pidFile(master);
            return pid != old && pid > 0 ? pid : null;
        });
        master.adopt(next);
        Poll.until(WAIT, "old master " + old + " to exit", () -> Pids.gone(old));
        assertEquals(next, master.status().getAsJsonObject("master").get("pid").getAsLong());
        assertEquals(2, master.workerPids().size());
        byte[] data = EchoClient.random(1000, 8);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
        assertTrue(Files.readString(master.logFile).contains("master pid " + old + ": upgrade complete: master pid " + next
                + " serves; this master drains its workers and exits"), master.log());
    }

    @Test
    void aNewMasterThatCannotStartLeavesTheOldOneServing() throws Exception {
        MasterProcess master = masters.create();
        Path config = master.dir.resolve("tcp-echo.toml");
        Files.writeString(config, "workers = 2\n");
        master.start("-c", config.toString());
        long old = master.pid();
        Files.writeString(config, "workers = \"many\"\n");

        Cli.Result upgrade = master.cli("upgrade");

        assertEquals(1, upgrade.code(), upgrade.toString());
        assertTrue(upgrade.stderr().matches("(?s)tcp-echo-master: upgrade failed, master pid " + old + " keeps serving: "
                + "the new master pid \\d+ exited with code 1 before it was ready \\(invalid config: " + Pattern.quote(config.toString())
                + ":1: workers must be \"auto\" or a whole number between 1 and 1024 \\(got \"many\"\\)\\)\n"), upgrade.stderr());
        assertEquals(old, pidFile(master));
        assertEquals(old, master.status().getAsJsonObject("master").get("pid").getAsLong());
        byte[] data = EchoClient.random(1000, 10);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
        Files.writeString(config, "workers = 2\n");
        Cli.Result retry = master.cli("upgrade");
        assertEquals(0, retry.code(), retry.toString());
        Matcher m = UPGRADED.matcher(retry.stdout().strip());
        assertTrue(m.matches(), retry.stdout());
        master.adopt(Long.parseLong(m.group(1)));
    }

    @Test
    void aNewMasterThatNeverGetsReadyIsKilledAndTheOldOneKeepsServing() throws Exception {
        MasterProcess master = masters.create();
        // Run from a copy of the build, so the new master can be given workers that cannot start.
        Path dist = master.dir.resolve("dist");
        Cli.Result copy = Cli.run(List.of("cp", "-r", MasterProcess.HOME.resolve("target/dist").toString(), dist.toString()));
        assertEquals(0, copy.code(), copy.toString());
        master.env.put("TCP_ECHO_DIST", dist.toString());
        master.env.put("TCP_ECHO_READY_TIMEOUT", "1s");
        master.start();
        long old = master.pid();
        // An empty worker.jar: the launcher starts, the new master starts, its workers cannot.
        Files.move(dist.resolve("worker/worker.jar"), master.dir.resolve("worker.jar.away"));
        Files.writeString(dist.resolve("worker/worker.jar"), "");

        Cli.Result upgrade = master.cli("upgrade");

        assertEquals(1, upgrade.code(), upgrade.toString());
        assertTrue(upgrade.stderr().matches("(?s)tcp-echo-master: upgrade failed, master pid " + old + " keeps serving: "
                + "the new master pid \\d+ was not ready within 11 s \\(killed it\\)\n"), upgrade.stderr());
        assertEquals(old, pidFile(master));
        assertEquals(old, master.status().getAsJsonObject("master").get("pid").getAsLong());
        byte[] data = EchoClient.random(1000, 11);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
        Files.move(master.dir.resolve("worker.jar.away"), dist.resolve("worker/worker.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static long pidFile(MasterProcess master) {
        try {
            return Long.parseLong(Files.readString(master.pidFile, StandardCharsets.US_ASCII).strip());
        } catch (java.io.IOException | NumberFormatException unreadable) {
            return -1;
        }
    }
}
