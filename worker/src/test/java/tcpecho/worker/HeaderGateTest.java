package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tcpecho.common.listener.ProxyProtocolOptions;
import tcpecho.common.wire.DropReason;

/**
 * The PROXY protocol stage on real loopback connections, driven through a selector by hand: what the
 * protocol behind it is handed (the original client, and a socket whose next byte is the first after
 * the header), and what is refused, counted and closed. Client sources come from 127.0.0.0/8, which
 * root may bind.
 */
class HeaderGateTest {
    private static final byte[] V1 = "PROXY TCP4 203.0.113.7 10.0.0.1 5123 7\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<SocketChannel> sockets = new ArrayList<>();
    private final List<Origin> admitted = new ArrayList<>();
    private final List<SocketChannel> admittedChannels = new ArrayList<>();
    private ServerSocketChannel server;
    private Selector selector;
    private IoContext io;
    private ListenerStats stats;
    private HeaderGate gate;

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        selector = Selector.open();
        io = IoContext.create(65536, 1 << 20, TestDefaults.CONNECTION_LIMITS);
        stats = io.stats().listener("pp", false);
        gate = gate(200);
    }

    private HeaderGate gate(long timeoutMillis) {
        return new HeaderGate(new ProxyProtocolOptions(List.of("127.0.0.1"), timeoutMillis), io,
                stats, false, (channel, origin, sel) -> {
                    admitted.add(origin);
                    admittedChannels.add(channel);
                });
    }

    @AfterEach
    void closeAll() throws IOException {
        for (SocketChannel socket : sockets) {
            socket.close();
        }
        selector.close();
        server.close();
    }

    @Test
    void aHeaderNamesTheClientAndLeavesTheBytesBehindItInTheSocket() throws IOException {
        SocketChannel client = connect("127.0.0.1");
        client.write(ByteBuffer.wrap(concat(V1, "PROXY not a header\n".getBytes(StandardCharsets.US_ASCII))));
        pumpUntil(() -> admitted.size() == 1);
        Origin origin = admitted.get(0);
        assertEquals(new InetSocketAddress("203.0.113.7", 5123), origin.client());
        assertEquals(new InetSocketAddress("10.0.0.1", 7), origin.server());
        assertEquals(InetAddress.getByName("127.0.0.1"), origin.via().getAddress());
        assertTrue(origin.toString().startsWith("/203.0.113.7:5123 via /127.0.0.1:"), origin.toString());
        assertTrue(origin.toString().endsWith(" (PROXY v1 TCP4)"), origin.toString());
        SocketChannel served = admittedChannels.get(0);
        served.keyFor(selector).cancel();
        selector.selectNow();
        served.configureBlocking(true);
        assertArrayEquals("PROXY not a header\n".getBytes(StandardCharsets.US_ASCII), Loopback.readFully(served, 19));
        assertEquals(0, io.stats().connections(), "the stage's count was handed back");
    }

    @Test
    void aHeaderSentByteByByteIsTakenAsOne() throws IOException {
        SocketChannel client = connect("127.0.0.1");
        for (byte b : V1) {
            client.write(ByteBuffer.wrap(new byte[] {b}));
            selector.select(EventLoop::dispatch, 5);
        }
        pumpUntil(() -> admitted.size() == 1);
        assertEquals(new InetSocketAddress("203.0.113.7", 5123), admitted.get(0).client());
    }

    @Test
    void aPeerOutsideProxyProtocolFromIsClosedBeforeAByteIsRead() throws IOException {
        SocketChannel client = connect("127.0.0.2");
        client.write(ByteBuffer.wrap(V1));
        assertEquals(1, stats.drops(DropReason.PROXY_UNTRUSTED));
        assertEquals(0, gate.waiting());
        assertEquals(-1, client.read(ByteBuffer.allocate(1)), "closed");
        assertTrue(admitted.isEmpty());
        assertEquals(0, io.stats().connections());
    }

    @Test
    void aMalformedHeaderClosesThatConnectionAndIsCounted() throws IOException {
        SocketChannel bad = connect("127.0.0.1");
        SocketChannel good = connect("127.0.0.1");
        bad.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        good.write(ByteBuffer.wrap(V1));
        pumpUntil(() -> admitted.size() == 1 && stats.drops(DropReason.PROXY_INVALID) == 1);
        assertEquals(-1, readAfterClose(bad));
        assertEquals(0, gate.waiting());
    }

    @Test
    void aLateHeaderIsRefusedAtTheTimeoutByTheLoopsTimer() throws IOException {
        SocketChannel slow = connect("127.0.0.1");
        slow.write(ByteBuffer.wrap(new byte[] {'P', 'R'}));
        long start = System.nanoTime();
        pumpUntil(() -> stats.drops(DropReason.PROXY_TIMEOUT) == 1);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= 150 && tookMillis < 2000, "refused after " + tookMillis + " ms (timeout 200)");
        assertEquals(-1, readAfterClose(slow));
        assertTrue(admitted.isEmpty());
        assertEquals(0, io.stats().connections());
    }

    @Test
    void anEmptyConnectionAndAResetAreCountedAsMissingHeaders() throws IOException {
        SocketChannel quiet = connect("127.0.0.1");
        quiet.close();
        pumpUntil(() -> stats.drops(DropReason.PROXY_INVALID) == 1);
        assertEquals(0, gate.waiting());
        assertNull(admitted.isEmpty() ? null : admitted.get(0));
    }

    @Test
    void waitingConnectionsCountAsOpenUntilTheirHeaderArrives() throws IOException {
        SocketChannel a = connect("127.0.0.1");
        connect("127.0.0.1");
        assertEquals(2, io.stats().connections());
        a.write(ByteBuffer.wrap(V1));
        pumpUntil(() -> admitted.size() == 1);
        assertEquals(1, io.stats().connections());
        assertEquals(1, gate.waiting());
    }

    private SocketChannel connect(String source) throws IOException {
        SocketChannel client = SocketChannel.open();
        client.bind(new InetSocketAddress(source, 0));
        client.connect(server.getLocalAddress());
        sockets.add(client);
        SocketChannel accepted = server.accept();
        sockets.add(accepted);
        accepted.configureBlocking(false);
        gate.begin(accepted, (InetSocketAddress) accepted.getRemoteAddress(), selector, System.nanoTime());
        return client;
    }

    private void pumpUntil(java.util.function.BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not done within 10 s; drops " + stats.dropSnapshot());
            }
            selector.select(EventLoop::dispatch, EventLoop.timeoutMillis(gate.nanosUntilDue(System.nanoTime())));
            gate.runTimers(System.nanoTime());
        }
    }

    private static int readAfterClose(SocketChannel client) throws IOException {
        try {
            return client.read(ByteBuffer.allocate(64));
        } catch (IOException reset) {
            return -1;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
