package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tcpecho.common.listener.ClientLimits;
import tcpecho.common.launch.Rate;
import tcpecho.common.wire.DropReason;

/**
 * The per-client gate on real loopback connections from distinct source addresses: Linux routes all
 * of 127.0.0.0/8 to loopback and root may bind any of it as a client's source.
 */
class ClientGateTest {
    private static final long MS = 1_000_000L;

    private final List<SocketChannel> sockets = new ArrayList<>();
    private final ListenerStats stats = new WorkerStats().listener("echo", false);
    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
    }

    @AfterEach
    void closeAll() throws IOException {
        for (SocketChannel socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void anAddressAtItsLimitIsTurnedAwayAndAdmittedAgainOnceOneOfItsConnectionsCloses() throws Exception {
        ClientGate gate = ClientGate.of(new ClientLimits(3, Rate.OFF, 1), stats, false, 0);
        List<SocketChannel> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SocketChannel accepted = connectFrom("127.0.0.2");
            assertFalse(gate.turnsAway(accepted, i * MS), "connection " + (i + 1));
            admitted.add(accepted);
        }
        SocketChannel client = clientOf("127.0.0.2");
        SocketChannel fourth = server.accept();
        sockets.add(fourth);

        assertTrue(gate.turnsAway(fourth, 4 * MS));
        assertFalse(fourth.isOpen(), "closed at accept");
        assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the client sees the close");
        assertEquals(1, stats.drops(DropReason.MAX_CONNECTIONS_PER_IP));
        assertFalse(gate.turnsAway(connectFrom("127.0.0.3"), 5 * MS), "another address has its own allowance");

        admitted.get(0).close();
        assertFalse(gate.turnsAway(connectFrom("127.0.0.2"), 6 * MS), "a closed connection frees its place");
        assertTrue(gate.turnsAway(connectFrom("127.0.0.2"), 7 * MS));
        assertEquals(2, stats.drops(DropReason.MAX_CONNECTIONS_PER_IP));
    }

    @Test
    void theRateAllowsItsBurstThenOneConnectionPerInterval() throws Exception {
        // 50/s in one worker: a burst of 10 (a fifth of a second), then one every 20 ms.
        ClientGate gate = ClientGate.of(new ClientLimits(0, Rate.parse("50/s"), 1), stats, false, 0);
        int admitted = 0;
        for (int i = 0; i < 15; i++) {
            admitted += gate.turnsAway(connectFrom("127.0.0.4"), 0) ? 0 : 1;
        }
        assertEquals(10, admitted);
        assertEquals(5, stats.drops(DropReason.CONNECT_RATE_PER_IP));
        assertTrue(gate.turnsAway(connectFrom("127.0.0.4"), 19 * MS));
        assertFalse(gate.turnsAway(connectFrom("127.0.0.4"), 20 * MS));
        assertFalse(gate.turnsAway(connectFrom("127.0.0.5"), 20 * MS), "another address has its own bucket");
    }

    @Test
    void eachWorkerEnforcesItsShareOfTheLimit() {
        assertEquals(3, new ClientLimits(10, Rate.OFF, 4).connectionsPerWorker(), "ceil(10 / 4)");
        assertEquals(1, new ClientLimits(1, Rate.OFF, 4).connectionsPerWorker());
        assertEquals(25.0, new ClientLimits(0, Rate.parse("100/s"), 4).ratePerWorker());
        assertEquals(5.0, new ClientLimits(0, Rate.parse("100/s"), 4).burstPerWorker());
        assertEquals(1.0, new ClientLimits(0, Rate.parse("10/s"), 4).burstPerWorker(), "at least one connection");
    }

    @Test
    void sprayingThousandsOfSourceAddressesKeepsBothTablesBounded() throws Exception {
        ClientGate gate = ClientGate.of(new ClientLimits(2, Rate.parse("10/s"), 1), stats, false, 0);
        int sources = ClientGate.SWEEP_AT + 1904;
        for (int i = 0; i < sources; i++) {
            String source = "127.1." + (i >> 8) + "." + (i & 0xff);
            SocketChannel accepted = connectFrom(source);
            assertFalse(gate.turnsAway(accepted, i * MS), source);
            accepted.close();
            sockets.get(sockets.size() - 2).close();
            sockets.subList(sockets.size() - 2, sockets.size()).clear();
        }

        assertTrue(gate.addresses() <= ClientGate.SWEEP_AT, "open-connection table: " + gate.addresses());
        assertEquals(ClientGate.BUCKETS, gate.rateAddresses());
        gate.sweep(sources * MS);
        assertEquals(0, gate.addresses(), "no address holds a connection any more");
    }

    /** Connects from {@code source} and returns the server's side of the connection. */
    private SocketChannel connectFrom(String source) throws IOException {
        clientOf(source);
        SocketChannel accepted = server.accept();
        sockets.add(accepted);
        return accepted;
    }

    private SocketChannel clientOf(String source) throws IOException {
        SocketChannel client = SocketChannel.open();
        sockets.add(client);
        client.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        client.connect(server.getLocalAddress());
        return client;
    }
}
