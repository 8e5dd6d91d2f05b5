package tcpecho.master.supervisor;

import tcpecho.common.listener.Upstream;
import tcpecho.common.listener.ProxyOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.Protocol;
import tcpecho.config.ListenFlags;
import tcpecho.config.Settings;
import tcpecho.config.SettingsLoader;
import tcpecho.master.net.ActivatedSockets;

/** The reload transaction's listener side, over real sockets on 127.0.0.1. */
class ListenersTest {
    private final Listeners listeners = new Listeners(ActivatedSockets.none());
    private final int a = freePort();
    private final int b = freePort();

    @AfterEach
    void close() {
        listeners.close();
    }

    @Test
    void opensOneSocketPerWorkerOfTheRightTransport() throws Exception {
        listeners.activate(listeners.prepare(settings("echo:127.0.0.1:" + a, "echo-udp:127.0.0.1:" + a), 2));

        List<ListenerBinding> active = listeners.active();
        assertEquals(2, active.get(0).pool().size());
        assertTrue(active.get(0).pool().socketsFor(0, 2).get(0) instanceof ServerSocketChannel);
        NetworkChannel udp = active.get(1).pool().socketsFor(1, 2).get(0);
        assertTrue(udp instanceof DatagramChannel);
        InheritedListener described = active.get(1).pool().describe(udp, 4, active.get(1).spec());
        // The socket is AF_INET6 (bound v4-mapped), as the JDK assumes for an adopted datagram descriptor.
        assertEquals(new InheritedListener(4, Protocol.ECHO_UDP, "inet6", "echo-udp-" + a, active.get(1).spec().options()),
                described);
        assertTrue(described.isDatagram());
    }

    @Test
    void aChangedProtocolOrUpstreamKeepsTheSocketsAndTheOldSpecForTheOldGeneration() throws Exception {
        listeners.activate(listeners.prepare(settings("proxy:127.0.0.1:" + a + "=db:1", "echo:127.0.0.1:" + b), 1));
        ListenerBinding before = listeners.active().get(0);

        List<ListenerBinding> next = listeners.prepare(settings("proxy:127.0.0.1:" + a + "=db:2",
                "daytime:127.0.0.1:" + b), 1);

        assertSame(before.pool(), next.get(0).pool());
        assertEquals(new Upstream("db", 1), ((ProxyOptions) listeners.active().get(0).spec().options().protocol()).upstream());
        assertEquals(new Upstream("db", 2), ((ProxyOptions) next.get(0).spec().options().protocol()).upstream());
        assertEquals("listeners ~proxy-" + a + " (proxy 127.0.0.1:" + a + ", same sockets) +daytime-" + b
                + " (daytime 127.0.0.1:" + b + ", same sockets) -echo-" + b, listeners.changes(next));
        listeners.activate(next);
        listeners.closeRetired();
        assertTrue(((ServerSocketChannel) next.get(1).pool().socketsFor(0, 1).get(0)).isOpen());
    }

    @Test
    void aRemovedListenerIsClosedOnlyWhenRetiredAndAFailedReloadClosesOnlyWhatItOpened() throws Exception {
        listeners.activate(listeners.prepare(settings("echo:127.0.0.1:" + a, "echo:127.0.0.1:" + b), 1));
        ServerSocketChannel removed = (ServerSocketChannel) listeners.active().get(1).pool().socketsFor(0, 1).get(0);

        List<ListenerBinding> failed = listeners.prepare(settings("echo:127.0.0.1:" + a, "echo-udp:127.0.0.1:" + b), 1);
        NetworkChannel opened = failed.get(1).pool().socketsFor(0, 1).get(0);
        listeners.discard(failed);
        assertFalse(opened.isOpen());
        assertTrue(removed.isOpen());

        List<ListenerBinding> next = listeners.prepare(settings("echo:127.0.0.1:" + a), 1);
        assertSame(listeners.active().get(0).pool(), next.get(0).pool(), "the listener kept keeps its sockets");
        listeners.activate(next);
        assertTrue(removed.isOpen(), "retired, still served by the draining generation");
        listeners.closeRetired();
        assertFalse(removed.isOpen());
    }

    private static Settings settings(String... listen) throws Exception {
        return new SettingsLoader(Map.of(), 2, () -> Path.of("/tmp/tem-test")).load(null, Map.of(),
                new ListenFlags(List.of(listen), false));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
