package tcpecho.master.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.Protocol;

class TakenPortsTest {
    @Test
    void procNetAddressesAreReadInTheKernelsWordOrder() throws IOException {
        assertEquals(Optional.of(new TakenPorts.Entry(InetAddress.getByName("127.0.0.1"), 8090, "42")),
                TakenPorts.parse("0100007F:1F9A", "42"));
        assertEquals(InetAddress.getByName("::1"), TakenPorts.parse("00000000000000000000000001000000:1F9A", "1")
                .orElseThrow().address());
        assertEquals("*:8090", TakenPorts.parse("00000000:1F9A", "1").orElseThrow().endpoint());
    }

    @Test
    void wildcardsOverlapTheirFamilyAndTheIpv6OneOverlapsEverything() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress any4 = InetAddress.getByName("0.0.0.0");
        InetAddress any6 = InetAddress.getByName("::");
        assertTrue(TakenPorts.overlaps(null, loopback));
        assertTrue(TakenPorts.overlaps(loopback, loopback));
        assertTrue(TakenPorts.overlaps(loopback, any4));
        assertTrue(TakenPorts.overlaps(any4, loopback));
        assertTrue(TakenPorts.overlaps(loopback, any6));
        assertTrue(TakenPorts.overlaps(InetAddress.getByName("::ffff:127.0.0.1"), loopback));
        assertFalse(TakenPorts.overlaps(loopback, InetAddress.getByName("127.0.0.2")));
        assertFalse(TakenPorts.overlaps(InetAddress.getByName("::1"), any4));
    }

    @Test
    void aPortOnlyThisProcessListensOnIsNotTaken() throws IOException {
        try (ServerSocketChannel own = ServerSocketChannel.open()) {
            own.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            own.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) own.getLocalAddress()).getPort();
            assertEquals(Optional.empty(), TakenPorts.conflict(new ListenerSpec("echo", Protocol.ECHO, InetAddress.getLoopbackAddress(), port, 16)));
        }
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(Optional.empty(), TakenPorts.conflict(new ListenerSpec("echo", Protocol.ECHO,
                    InetAddress.getByName("127.0.0.2"), free.getLocalPort(), 16)), "another address of the same port");
        }
    }
}
