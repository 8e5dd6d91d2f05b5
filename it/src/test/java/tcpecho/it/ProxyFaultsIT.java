package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults FaultsIT leaves out: on a proxy listener (in front of an echo listener of the same
 * master), latency on echo-udp, and the faults that act on the close (timeout, slow-close).
 */
class ProxyFaultsIT {
    @RegisterExtension
    final Masters masters = new Masters();

    private static void ok(Cli.Result result) {
        assertEquals(0, result.code(), result.toString());
    }

    /** Starts {@code master} with an echo listener on its port and a proxy to it on {@code proxyPort}; returns the proxy's name. */
    private static String startWithProxy(MasterProcess master, int proxyPort) throws Exception {
        master.start("--listen", "echo:127.0.0.1:" + master.port,
                "--listen", "proxy:127.0.0.1:" + proxyPort + "=127.0.0.1:" + master.port);
        String name = ListenersIT.listeners(master.status()).get(1).get("name").getAsString();
        assertEquals("proxy", ListenersIT.listeners(master.status()).get(1).get("protocol").getAsString());
        return name;
    }

    @Test
    void latencyOnAProxyDelaysWhatComesBackAndLeavesTheEchoListenerAlone() throws Exception {
        MasterProcess master = masters.create();
        int proxy = MasterProcess.freePort();
        String name = startWithProxy(master, proxy);
        ok(master.cli("fault", "add", name, "latency", "--latency", "300ms", "--jitter", "0"));
        FaultsIT.assertEchoesTakeAtLeast(proxy, 300, 3);
        try (EchoClient direct = new EchoClient(master.port)) {
            byte[] data = EchoClient.random(100, 9);
            long start = System.nanoTime();
            assertArrayEquals(data, direct.exchange(data));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 300, "the unfaulted echo listener took " + millis + " ms");
        }
    }

    @Test
    void limitDataOnAProxyClosesAfterExactlyTheLimit() throws Exception {
        MasterProcess master = masters.create();
        int proxy = MasterProcess.freePort();
        String name = startWithProxy(master, proxy);
        ok(master.cli("fault", "add", name, "limit-data", "--bytes", "1000"));
        byte[] data = EchoClient.random(5_000, 3);
        try (EchoClient client = new EchoClient(proxy)) {
            client.socket.getOutputStream().write(data);
            byte[] echoed = client.readToEof();
            assertEquals(1000, echoed.length, "bytes through the proxy before EOF");
            assertArrayEquals(Arrays.copyOf(data, 1000), echoed);
        }
    }

    @Test
    void udpLatencyAnswersEachDatagramNoSoonerThanTheDelay() throws Exception {
        MasterProcess master = masters.create();
        int udp = MasterProcess.freePort();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--listen", "echo-udp:127.0.0.1:" + udp);
        String name = ListenersIT.listeners(master.status()).get(1).get("name").getAsString();
        ok(master.cli("fault", "add", name, "latency", "--latency", "200ms", "--jitter", "0"));
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5_000);
            byte[] reply = new byte[64];
            for (int i = 0; i < 5; i++) {
                byte[] data = ("datagram " + i).getBytes();
                long start = System.nanoTime();
                socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), udp));
                DatagramPacket answer = new DatagramPacket(reply, reply.length);
                socket.receive(answer);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals("datagram " + i, new String(reply, 0, answer.getLength()));
                assertTrue(millis >= 200, "datagram " + i + " answered after " + millis + " ms, less than 200");
            }
        }
    }

    @Test
    void timeoutForwardsNothingAndClosesAfterTheTimeout() throws Exception {
        MasterProcess master = masters.create().start();
        ok(master.cli("fault", "add", "echo", "timeout", "--timeout", "500ms"));
        try (EchoClient client = new EchoClient(master.port)) {
            long start = System.nanoTime();
            client.socket.getOutputStream().write(EchoClient.random(100, 4));
            byte[] echoed = client.readToEof();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, echoed.length, "bytes echoed under a timeout fault");
            assertTrue(millis >= 500, "closed after " + millis + " ms, before the 500 ms timeout");
        }
    }

    @Test
    void slowCloseDelaysTheCloseButNotTheData() throws Exception {
        MasterProcess master = masters.create().start();
        ok(master.cli("fault", "add", "echo", "slow-close", "--delay", "500ms"));
        try (EchoClient client = new EchoClient(master.port)) {
            byte[] data = EchoClient.random(100, 5);
            assertArrayEquals(data, client.exchange(data));
            long start = System.nanoTime();
            client.socket.shutdownOutput();
            InputStream in = client.socket.getInputStream();
            assertEquals(-1, in.read(), "nothing after the echo, then EOF");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 500, "EOF came " + millis + " ms after our FIN, before the 500 ms slow-close");
        }
    }
}
