package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * systemd socket activation: the master serves a listening socket handed to it on fd 3 with
 * LISTEN_FDS=1 and LISTEN_PID=its pid, binds none of its own, and shares it among its workers.
 */
class SocketActivationIT {
    /**
     * Binds the socket, puts it on fd 3 and execs the rest of the command line, so the master gets
     * this pid: LISTEN_PID is python's own pid, as systemd sets it for the process it execs.
     */
    private static final String ACTIVATE = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket()",
            "s.bind(('127.0.0.1', int(sys.argv[1])))",
            "s.listen(128)",
            "os.dup2(s.fileno(), 3)",
            "os.set_inheritable(3, True)",
            "os.environ['LISTEN_FDS'] = '1'",
            "os.environ['LISTEN_FDNAMES'] = 'echo'",
            "os.environ['LISTEN_PID'] = sys.argv[2] if sys.argv[2] != 'self' else str(os.getpid())",
            "os.execv(sys.argv[3], sys.argv[3:])");

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void servesTheActivatedSocketAndBindsNone() throws Exception {
        MasterProcess master = activated("self", true);

        assertEquals(List.of("echo 127.0.0.1:" + master.port + " (inherited)"), listeners(master));
        assertEquals(1, listeningSockets(master.port), "the master must not bind sockets of its own");
        byte[] data = EchoClient.random(10_000, 7);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(data, EchoClient.echo(master.port, data));
        }
        for (long worker : master.workerPids()) {
            assertFalse(environment(worker).contains("LISTEN_"), "worker " + worker + " inherited LISTEN_*");
        }

        Cli.Result reload = master.cli("reload");
        assertEquals(0, reload.code(), reload.toString());
        assertEquals(1, listeningSockets(master.port), "a reload keeps serving the activated socket");
        assertArrayEquals(data, EchoClient.echo(master.port, data));

        Cli.Result upgrade = master.cli("upgrade");
        assertEquals(0, upgrade.code(), upgrade.toString());
        master.adopt(master.status().getAsJsonObject("master").get("pid").getAsLong());
        assertEquals(1, listeningSockets(master.port), "an upgrade hands the activated socket on");
        assertEquals(List.of("echo 127.0.0.1:" + master.port + " (inherited)"), listeners(master));
        assertArrayEquals(data, EchoClient.echo(master.port, data));
    }

    @Test
    void ignoresSocketsMeantForAnotherPid() throws Exception {
        MasterProcess master = activated("1", false);

        // fd 3 (on another port) is not ours to use: the master binds its own sockets.
        assertEquals(List.of("echo 127.0.0.1:" + master.port), listeners(master));
        assertEquals(MasterProcess.WORKERS, listeningSockets(master.port));
    }

    /** A master started with a socket on fd 3: on its own port if {@code samePort}, else on an ephemeral one. */
    private MasterProcess activated(String listenPid, boolean samePort) {
        MasterProcess master = masters.create();
        String port = samePort ? Integer.toString(master.port) : "0";
        master.wrapper.addAll(List.of("python3", "-c", ACTIVATE, port, listenPid));
        master.launch(master.startArgs());
        master.awaitServing(1);
        return master;
    }

    private static List<String> listeners(MasterProcess master) {
        List<String> list = new java.util.ArrayList<>();
        master.status().getAsJsonObject("master").getAsJsonArray("listeners").forEach(l -> list.add(l.getAsString()));
        return list;
    }

    /** Listening TCP sockets on {@code port}, IPv4 or IPv6 (a JDK socket is IPv6), as ss -ltn counts them. */
    private static long listeningSockets(int port) throws IOException {
        String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            count += Files.readAllLines(Path.of(table)).stream().skip(1).map(line -> line.trim().split("\\s+"))
                    .filter(fields -> fields[1].endsWith(suffix) && fields[3].equals("0A")).count();
        }
        return count;
    }

    private static String environment(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).replace('\0', '\n');
    }
}
