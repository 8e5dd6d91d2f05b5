package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.wire.Draining;
import tcpecho.common.wire.Quit;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/** QUIT, TERMINATE and idle-timeout with every kind of listener in one worker. */
class ProtocolsDrainIT {
    private static final Duration SHORT = Duration.ofSeconds(10);
    private SpawnedWorker worker;
    private Upstream echo;

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    private void start(ConnectionLimits limits) throws Exception {
        echo = Upstream.start(Upstream::echo);
        worker = SpawnedWorker.start(4, List.of(SpawnedWorker.Listen.tcp("discard", "sink"),
                SpawnedWorker.Listen.tcp("chargen", "gen"), SpawnedWorker.Listen.udp("uecho"),
                ProxyIT.proxy("px", echo.port(), Map.of())),
                200, limits, 0);
        worker.acceptControl(SHORT);
        worker.await(Verb.READY);
    }

    @Test
    void quitStopsUdpAndNewConnectionsButOpenOnesFinish() throws Exception {
        start(TestDefaults.CONNECTION_LIMITS);
        try (DatagramChannel udp = DatagramChannel.open()) {
            udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), worker.ports.get(2));
            assertEquals("before", udpEcho(udp, server, "before"));
            SocketChannel sink = SpawnedWorker.connect(worker.ports.get(0));
            SocketChannel proxied = SpawnedWorker.connect(worker.ports.get(3));
            assertArrayEquals("ab".getBytes(), roundTrip(proxied, "ab"));
            worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", -1) == 2, SHORT);

            worker.send(new Quit(10_000).encode());
            assertEquals(2, Draining.decode(worker.await(Verb.DRAINING)).connections());
            assertNull(udpEcho(udp, server, "during"), "UDP stops at drain");
            assertArrayEquals("cd".getBytes(), roundTrip(proxied, "cd"), "an open proxied connection still works");
            SmallServersIT.writeAll(sink, new byte[1000]);
            assertTrue(worker.process.isAlive());

            proxied.close();
            sink.shutdownOutput();
            assertEquals(-1, sink.read(ByteBuffer.allocate(1)));
            sink.close();
        }
        assertEquals(ExitCodes.OK, worker.awaitExit(SHORT));
        assertTrue(worker.output().contains("exiting: drained"), worker.output());
    }

    @Test
    void terminateClosesEveryKindAtOnce() throws Exception {
        start(TestDefaults.CONNECTION_LIMITS);
        try (SocketChannel gen = SpawnedWorker.connect(worker.ports.get(1));
             SocketChannel proxied = SpawnedWorker.connect(worker.ports.get(3))) {
            Loopback.readFully(gen, 1000);
            roundTrip(proxied, "x");
            worker.send(Message.of(Verb.TERMINATE));
            assertEquals(ExitCodes.OK, worker.awaitExit(SHORT));
        }
    }

    @Test
    void idleTimeoutClosesIdleDiscardAndProxyConnections() throws Exception {
        start(new ConnectionLimits(500, 10_000, true, false, false, 5_000));
        try (SocketChannel sink = SpawnedWorker.connect(worker.ports.get(0));
             SocketChannel proxied = SpawnedWorker.connect(worker.ports.get(3))) {
            SmallServersIT.writeAll(sink, "x".getBytes());
            roundTrip(proxied, "y");
            assertEquals(0, SmallServersIT.readToEof(sink, SHORT).length);
            assertEquals(0, SmallServersIT.readToEof(proxied, SHORT).length);
        }
        worker.awaitOutput("on sink in=1 out=0 (idle for", SHORT);
        worker.awaitOutput("on px conn 4.1 in=1 out=1 (idle for", SHORT);
    }

    private static byte[] roundTrip(SocketChannel client, String text) throws IOException {
        SmallServersIT.writeAll(client, text.getBytes(StandardCharsets.US_ASCII));
        return Loopback.readFully(client, text.length());
    }

    /** The echoed text, or null when nothing comes back within half a second (tried three times). */
    private static String udpEcho(DatagramChannel udp, InetSocketAddress server, String text) throws IOException {
        udp.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(100);
        for (int attempt = 0; attempt < 3; attempt++) {
            udp.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), server);
            long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
            while (System.nanoTime() - deadline < 0) {
                try {
                    if (udp.receive(in.clear()) != null) {
                        return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
                    }
                } catch (java.net.PortUnreachableException closed) {
                    return null;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }
}
