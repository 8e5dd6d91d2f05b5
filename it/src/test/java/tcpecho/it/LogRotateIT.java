package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real logrotate (Debian's) runs deploy/logrotate/tcp-echo-master against a live master under
 * load: afterwards the master and every worker write to the new file, and every connection line
 * is in the rotated file or the new one, none lost.
 */
class LogRotateIT {
    private static final Path SHIPPED = MasterProcess.HOME.resolve("deploy/logrotate/tcp-echo-master");
    private static final String SHIPPED_LOG = "/var/log/tcp-echo-master/tcp-echo.log";
    private static final String SHIPPED_PID = "/run/tcp-echo-master/master.pid";

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void everyProcessMovesToTheNewFileAndNoConnectionLineIsLost() throws Exception {
        MasterProcess master = masters.start();
        List<Long> workers = master.workerPids();
        Path config = rotateConfigFor(master);
        int before = 30;
        int during = 40;
        int after = 30;

        connect(master.port, before);
        CompletableFuture<List<Integer>> load = CompletableFuture.supplyAsync(() -> connect(master.port, during));
        Cli.Result rotate = Cli.run(List.of(logrotate(), "-v", "-f", "-s", master.dir.resolve("state").toString(),
                config.toString()));
        assertEquals(0, rotate.code(), rotate.toString());
        load.join();

        Path rotated = Path.of(master.logFile + ".1");
        assertTrue(Files.exists(rotated), "logrotate renamed the log to " + rotated + ": " + rotate);
        Poll.until(Duration.ofSeconds(10), "the master and both workers to write to the new file", () -> {
            String text = read(master.logFile);
            return text.contains("master pid " + master.pid() + ": log files reopened")
                    && workers.stream().allMatch(pid -> text.matches("(?s).*worker\\[\\d] pid " + pid + ": log file reopened.*"));
        });
        List<Integer> late = connect(master.port, after);
        Cli.Result stop = master.cli("stop");
        assertEquals(0, stop.code(), stop.toString());
        Poll.until(Duration.ofSeconds(10), "the master to exit", () -> Pids.gone(master.pid()));

        String oldText = read(rotated);
        String newText = read(master.logFile);
        int total = before + during + after;
        assertEquals(total, count(oldText, "connection from /127.0.0.1:") + count(newText, "connection from /127.0.0.1:"),
                "connection lines in " + rotated + " and " + master.logFile);
        assertEquals(total, count(oldText, "connection closed") + count(newText, "connection closed"));
        for (int port : late) {
            assertTrue(newText.contains("connection from /127.0.0.1:" + port + " "),
                    "a connection made after the rotation (client port " + port + ") is logged in the new file");
        }
        assertTrue(oldText.contains("master pid " + master.pid() + ": starting generation 1"), "the old file kept the start");
    }

    /** The shipped config with its two paths pointed at this test's master. */
    private static Path rotateConfigFor(MasterProcess master) throws IOException {
        String shipped = Files.readString(SHIPPED);
        assertTrue(shipped.contains(SHIPPED_LOG) && shipped.contains(SHIPPED_PID), SHIPPED + " names the log and pid file");
        assertTrue(!shipped.matches("(?s).*\\n\\s*copytruncate\\b.*"), "copytruncate loses lines; the config must rename and signal");
        Path config = master.dir.resolve("logrotate.conf");
        Files.writeString(config, shipped.replace(SHIPPED_LOG, master.logFile.toString())
                .replace(SHIPPED_PID, master.pidFile.toString()));
        return config;
    }

    /** Makes {@code n} echo connections one after another; returns their client ports. */
    private static List<Integer> connect(int port, int n) {
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                try (EchoClient client = new EchoClient(port)) {
                    byte[] data = EchoClient.random(32, i);
                    assertArrayEquals(data, client.exchange(data));
                    ports.add(client.socket.getLocalPort());
                }
            }
        } catch (IOException failed) {
            throw new AssertionError("echo connection failed", failed);
        }
        return ports;
    }

    /** logrotate lives in /usr/sbin, which a non-root PATH often lacks; test.sh installs it if missing. */
    private static String logrotate() {
        for (String dir : Stream.concat(Stream.of(System.getenv("PATH").split(":")), Stream.of("/usr/sbin", "/sbin")).toList()) {
            Path candidate = Path.of(dir, "logrotate");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("logrotate is not installed: apt-get install logrotate (test.sh does it)");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException failed) {
            throw new AssertionError("cannot read " + file, failed);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}
