package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code start} never claims a success it did not have: not when a master already runs on the
 * control socket, not on a port another process listens on (SO_REUSEPORT would let it bind beside
 * that one and split the clients), not under socket activation with {@code -d} or with a socket
 * that fits no listener.
 */
class StartRefusalsIT {
    private static final Path SOCKET_ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void detachedStartWhileAMasterRunsOnThatControlSocketFails() {
        MasterProcess first = masters.start();
        MasterProcess second = masters.create();

        Cli.Result start = Cli.master("start", "-d", "-p", Integer.toString(second.port), "-b", "127.0.0.1",
                "--control-socket", first.controlSocket.toString(), "--pid-file", second.pidFile.toString(),
                "--log-file", second.logFile.toString());

        assertEquals(1, start.code(), start.toString());
        assertEquals("", start.stdout(), start.toString());
        assertEquals("tcp-echo-master: cannot start: another master is already running on control socket "
                + first.controlSocket + ": stop it first (tcp-echo-master stop --control-socket " + first.controlSocket
                + "), or give this one its own --control-socket\n", start.stderr());
        assertEquals(first.pid(), first.status().getAsJsonObject("master").get("pid").getAsLong());
    }

    @Test
    void aSecondMasterOnAPortAnotherMasterListensOnFails() throws Exception {
        MasterProcess first = masters.start();
        MasterProcess second = masters.create();

        Process process = second.launch(List.of("start", "-p", Integer.toString(first.port), "-b", "127.0.0.1",
                "--control-socket", second.controlSocket.toString(), "--pid-file", second.pidFile.toString(),
                "--log-file", second.logFile.toString()));

        assertTrue(process.waitFor(MasterProcess.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                "the second master exits instead of serving beside the first:\n" + second.log());
        assertEquals(1, process.exitValue(), second.log());
        String expected = "tcp-echo-master: cannot start: cannot listen on tcp 127.0.0.1:" + first.port
                + ": another process already listens on 127.0.0.1:" + first.port + " (pid " + first.pid()
                + " tcp-echo[mastr], ";
        assertTrue(Files.readString(second.output).startsWith(expected), "starts with " + expected + "\n" + second.log());
        assertTrue(Files.readString(second.output).strip().endsWith("); stop it or choose another port or address"),
                second.log());
        byte[] data = EchoClient.random(1000, 3);
        assertArrayEquals(data, EchoClient.echo(first.port, data), "the first master still serves its port");
    }

    @Test
    void aReloadAddingAListenerOnATakenPortFailsAndTheOldGenerationServes() throws Exception {
        MasterProcess master = masters.create();
        Path config = ListenersIT.writeConfig(master, ListenersIT.listener("main", master.port));
        master.start("-c", config.toString());
        try (ServerSocketChannel stranger = ServerSocketChannel.open()) {
            // What another server with SO_REUSEPORT (another master, NGINX with reuseport) looks like.
            stranger.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            stranger.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int taken = ((InetSocketAddress) stranger.getLocalAddress()).getPort();
            Files.writeString(config, Files.readString(config) + ListenersIT.listener("added", taken));

            Cli.Result reload = master.cli("reload");

            assertEquals(1, reload.code(), reload.toString());
            assertEquals("tcp-echo-master: cannot listen on tcp 127.0.0.1:" + taken
                    + ": another process already listens on 127.0.0.1:" + taken + " (pid " + ProcessHandle.current().pid()
                    + " java); stop it or choose another port or address\n", reload.stderr());
        }
        assertEquals(1, master.status().getAsJsonObject("master").get("generation").getAsLong());
        assertEquals(List.of("main"), ListenersIT.listeners(master.status()).stream()
                .map(l -> l.get("name").getAsString()).toList());
        byte[] data = EchoClient.random(1000, 4);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
    }

    /** The detached master gets the activated socket: it serves it, and the connection that activated it. */
    @Test
    void detachedStartUnderSocketActivationServesTheActivatedSocket() throws Exception {
        MasterProcess master = activated(List.of("-d"));
        byte[] first = EchoClient.random(100, 5);
        try (Socket activating = connectAndSend(master.port, first)) {
            Process cli = master.process();
            assertTrue(cli.waitFor(MasterProcess.START_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS), master.log());
            String output = Files.readString(master.output);
            Matcher started = Pattern.compile("tcp-echo-master started: master pid (\\d+), 2 workers on echo 127\\.0\\.0\\.1:"
                    + master.port + " \\(inherited\\), log .*").matcher(output);
            assertTrue(started.find(), output);
            master.adopt(Long.parseLong(started.group(1)));
            assertEquals(0, cli.exitValue(), output);

            assertArrayEquals(first, activating.getInputStream().readNBytes(first.length),
                    "the connection that activated the socket is echoed");
        }
        List<String> listeners = new ArrayList<>();
        master.status().getAsJsonObject("master").getAsJsonArray("listeners").forEach(l -> listeners.add(l.getAsString()));
        assertEquals(List.of("echo 127.0.0.1:" + master.port + " (inherited)"), listeners);
        byte[] data = EchoClient.random(10_000, 6);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
    }

    @Test
    void anActivatedSocketThatFitsNoListenerOnItsPortIsNamed() throws Exception {
        MasterProcess master = masters.create();
        master.wrapper.addAll(List.of(SOCKET_ACTIVATE.toString(), "-l", "127.0.0.1:" + master.port, "--"));
        requireSocketActivate();
        // No -b: the listener is *:PORT, which the socket bound to 127.0.0.1:PORT does not serve.
        master.launch(List.of("start", "-p", Integer.toString(master.port), "-w", "2", "--control-socket",
                master.controlSocket.toString(), "--pid-file", master.pidFile.toString(),
                "--log-file", master.logFile.toString()));
        try (Socket activating = connectAndSend(master.port, new byte[] {1})) {
            assertTrue(master.process().waitFor(MasterProcess.START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), master.log());
        }
        assertEquals(1, master.process().exitValue(), master.log());
        String expected = "tcp-echo-master: cannot start: cannot listen on tcp *:" + master.port
                + ": Address already in use: the socket handed in on fd 3 (LISTEN_FDS) is bound to 127.0.0.1:" + master.port
                + " and matches no configured listener; to serve it, configure a listener on exactly 127.0.0.1:"
                + master.port + " (bind and port, or -b and -p), or have the socket unit listen on *:" + master.port;
        assertTrue(Files.readAllLines(master.output).contains(expected), "a line " + expected + "\n" + master.log());
    }

    /** A master started through systemd-socket-activate on its port (it waits for a first connection). */
    private MasterProcess activated(List<String> extra) {
        requireSocketActivate();
        MasterProcess master = masters.create();
        master.wrapper.addAll(List.of(SOCKET_ACTIVATE.toString(), "-l", "127.0.0.1:" + master.port, "--"));
        List<String> args = new ArrayList<>(master.startArgs());
        args.addAll(extra);
        master.launch(args);
        return master;
    }

    private static void requireSocketActivate() {
        Assumptions.assumeTrue(Files.isExecutable(SOCKET_ACTIVATE),
                SOCKET_ACTIVATE + " is missing: apt-get install systemd (test.sh and .ci/run install it)");
    }

    /** Connects once systemd-socket-activate listens (it launches the master on the first connection). */
    private static Socket connectAndSend(int port, byte[] data) throws IOException {
        Socket socket = Poll.until(Duration.ofSeconds(10), "systemd-socket-activate to listen on " + port, () -> {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException notYet) {
                return null;
            }
        });
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(data);
        return socket;
    }
}
