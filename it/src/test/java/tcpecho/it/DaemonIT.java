package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** start -d returns only once the workers serve, leaves a pid file, and stop ends it. */
class DaemonIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void startDetachedServesAtOnceAndStops() throws Exception {
        MasterProcess master = masters.create();

        Cli.Result start = Cli.master(master.startArgs("-d").toArray(String[]::new));
        long pid = Files.exists(master.pidFile) ? Long.parseLong(Files.readString(master.pidFile).strip()) : -1;
        master.adopt(pid);

        assertEquals(0, start.code(), start.toString());
        byte[] data = EchoClient.random(10_000, 6);
        assertArrayEquals(data, EchoClient.echo(master.port, data), "echo right after start -d returned");
        assertFalse(Pids.gone(pid), "the pid file names a live process: " + pid);
        assertEquals("tcp-echo[mastr]", Pids.comm(pid).orElse("(gone)"));
        master.status();

        Cli.Result stop = master.cli("stop");
        assertEquals(0, stop.code(), stop.toString());
        Poll.until(Duration.ofSeconds(5), "the detached master to exit", () -> Pids.gone(pid));
        Poll.until(Duration.ofSeconds(5), "the pid file to be removed", () -> !Files.exists(master.pidFile));
    }
}
