package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One master per control socket; a socket left by a dead master does not block the next one. */
class ControlSocketIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void aSecondMasterOnTheSameControlSocketFails() {
        MasterProcess first = masters.start();
        MasterProcess second = masters.create();

        // No --log-file: the reason goes to the terminal, where the user who typed start looks.
        Cli.Result start = Cli.master("start", "-p", Integer.toString(second.port), "-b", "127.0.0.1", "-w", "2",
                "--control-socket", first.controlSocket.toString(), "--pid-file", second.pidFile.toString());

        assertEquals(1, start.code(), start.toString());
        assertTrue((start.stdout() + start.stderr()).contains("already running"), start.toString());
    }

    @Test
    void aFailedSecondMasterLeavesTheFirstOneReachable() {
        MasterProcess first = masters.start();
        MasterProcess second = masters.create();

        Cli.Result start = Cli.master("start", "-p", Integer.toString(second.port), "-b", "127.0.0.1", "-w", "2",
                "--control-socket", first.controlSocket.toString(), "--pid-file", second.pidFile.toString());
        assertEquals(1, start.code(), start.toString());

        assertTrue(Files.exists(first.controlSocket), "the first master's control socket still exists");
        Cli.Result status = first.cli("status");
        assertEquals(0, status.code(), "the first master still answers status: " + status);
    }

    @Test
    void aStaleControlSocketIsReplaced() throws Exception {
        MasterProcess master = masters.create();
        Files.createDirectories(master.controlSocket.getParent());
        // Closing a bound Unix server channel leaves its file behind, as a master killed with SIGKILL does.
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(master.controlSocket));
        }
        assertTrue(Files.exists(master.controlSocket));

        master.start();

        byte[] data = EchoClient.random(1000, 5);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
        assertTrue(master.log().contains("removing stale control socket " + master.controlSocket), master.log());
    }

    @Test
    void aSigkilledMastersSocketDoesNotBlockTheNextStart() throws Exception {
        MasterProcess killed = masters.start();
        List<Long> workers = new ArrayList<>(killed.workerPids());
        Pids.signal(killed.pid(), "KILL");
        Poll.until(java.time.Duration.ofSeconds(5), "the killed master's workers to exit",
                () -> workers.stream().allMatch(Pids::gone) && Pids.gone(killed.pid()));
        assertTrue(Files.exists(killed.controlSocket), "SIGKILL leaves the control socket file");

        MasterProcess next = masters.create();
        next.launch(List.of("start", "-p", Integer.toString(next.port), "-b", "127.0.0.1", "-w", "2",
                "--control-socket", killed.controlSocket.toString(), "--pid-file", next.pidFile.toString(),
                "--log-file", next.logFile.toString()));

        Poll.until(java.time.Duration.ofSeconds(30), "the new master to serve on the old control socket",
                () -> killed.statusOrNull() != null
                        && killed.statusOrNull().getAsJsonObject("master").get("pid").getAsLong() == next.pid());
        killed.adopt(-1);
    }
}
