package tcpecho.master.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.Protocol;

class ActivatedSocketsTest {
    @Test
    void countsSocketsOnlyForOurPid() throws Exception {
        assertEquals(2, ActivatedSockets.count(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2"), 42));
        assertEquals(0, ActivatedSockets.count(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "2"), 42));
        assertEquals(0, ActivatedSockets.count(Map.of("LISTEN_FDS", "2"), 42));
        assertEquals(0, ActivatedSockets.count(Map.of(), 42));
    }

    @Test
    void rejectsABadCountWithTheRule() {
        ListenException bad = assertThrows(ListenException.class,
                () -> ActivatedSockets.count(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "two"), 42));
        assertEquals("LISTEN_FDS must be a whole number between 0 and 1024 (got 'two')", bad.getMessage());
    }

    @Test
    void tellsAListeningTcpSocketFromOtherDescriptors() throws Exception {
        try (ServerSocketChannel listening = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ServerSocketChannel unbound = ServerSocketChannel.open();
                DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertEquals(ActivatedSockets.Kind.TCP_LISTENING, ActivatedSockets.kindOf(fdOf(listening)));
            assertNotEquals(ActivatedSockets.Kind.TCP_LISTENING, ActivatedSockets.kindOf(fdOf(unbound)));
            assertNotEquals(ActivatedSockets.Kind.TCP_LISTENING, ActivatedSockets.kindOf(fdOf(udp)));
            assertNotEquals(ActivatedSockets.Kind.TCP_LISTENING, ActivatedSockets.kindOf(0));
        }
    }

    @Test
    void tellsAUdpSocketAndItsFamily() throws Exception {
        try (DatagramChannel inet = DatagramChannel.open(java.net.StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramChannel inet6 = DatagramChannel.open(java.net.StandardProtocolFamily.INET6)
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertEquals(ActivatedSockets.Kind.UDP, ActivatedSockets.kindOf(fdOf(inet)));
            assertEquals(ActivatedSockets.Kind.UDP6, ActivatedSockets.kindOf(fdOf(inet6)));
        }
    }

    private static int fdOf(Object channel) throws ReflectiveOperationException {
        for (Class<?> type = channel.getClass(); type != null; type = type.getSuperclass()) {
            try {
                java.lang.reflect.Field field = type.getDeclaredField("fdVal");
                field.setAccessible(true);
                return field.getInt(channel);
            } catch (NoSuchFieldException tryParent) {
                // the field sits in the Impl class
            }
        }
        throw new NoSuchFieldException("fdVal");
    }

    @Test
    void matchesByAddressAndPortAndWildcardToWildcard() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ListenerSpec onLoopback = new ListenerSpec("echo", Protocol.ECHO, loopback, 8090, 128);
        ListenerSpec everywhere = new ListenerSpec("echo", Protocol.ECHO, null, 8090, 128);
        assertTrue(ActivatedSockets.matches(onLoopback, new InetSocketAddress(loopback, 8090)));
        assertFalse(ActivatedSockets.matches(onLoopback, new InetSocketAddress(loopback, 8091)));
        assertFalse(ActivatedSockets.matches(onLoopback, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8090)));
        assertTrue(ActivatedSockets.matches(everywhere, new InetSocketAddress(InetAddress.getByName("::"), 8090)));
        assertTrue(ActivatedSockets.matches(everywhere, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8090)));
        assertFalse(ActivatedSockets.matches(everywhere, new InetSocketAddress(loopback, 8090)));
    }
}
