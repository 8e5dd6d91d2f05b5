package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * allow/deny lists on a real master, with clients from distinct 127.0.0.0/8 source addresses
 * (Linux routes the whole range to loopback, and any user may bind them).
 */
class AccessListIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void refusedClientsAreResetOrDroppedCountedAndAReloadChangesTheList() throws Exception {
        MasterProcess master = masters.create();
        int udp = MasterProcess.freePort();
        Path config = ListenersIT.writeConfig(master, "send-reset = true\n"
                + "access = [\"deny 127.0.0.2\", \"allow 127.0.0.0/8\", \"deny all\"]\n"
                + ListenersIT.listener("tcp", master.port)
                + "\n[[listener]]\nname = \"udp\"\nprotocol = \"echo-udp\"\nport = " + udp + "\n");
        master.start("-c", config.toString());
        byte[] data = "allowed".getBytes(StandardCharsets.US_ASCII);

        assertArrayEquals(data, echoFrom("127.0.0.3", master.port, data));
        SocketException reset = assertThrows(SocketException.class, () -> echoFrom("127.0.0.2", master.port, data));
        assertTrue(reset.getMessage().contains("reset"), reset.toString());
        assertNull(datagramFrom("127.0.0.2", udp, data, 500), "a reply to a denied source");
        assertArrayEquals(data, datagramFrom("127.0.0.3", udp, data, 5000));

        Poll.until(Duration.ofSeconds(10), "one denied on each listener", () ->
                denied(master, 0) == 1 && denied(master, 1) == 1);
        Poll.until(Duration.ofSeconds(10), "the summary line", () -> master.log().contains(
                "listener 'tcp': refused 1 connection(s) since the last report: denied 1 (last from /127.0.0.2:"));

        Files.writeString(config, Files.readString(config).replace("\"deny 127.0.0.2\", ", ""));
        Cli.Result reload = master.cli("reload");
        assertEquals(0, reload.code(), reload.toString());
        master.awaitServing(2);
        assertArrayEquals(data, echoFrom("127.0.0.2", master.port, data));
        assertArrayEquals(data, datagramFrom("127.0.0.2", udp, data, 5000));
    }

    @Test
    void aCidrRangeSplitsFortyDistinctSourcesAsItSays() throws Exception {
        MasterProcess master = masters.create();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--access", "deny 127.0.1.0/28");
        byte[] data = {42};
        int refused = 0;
        for (int host = 1; host <= 40; host++) {
            try {
                assertArrayEquals(data, echoFrom("127.0.1." + host, master.port, data));
                assertTrue(host >= 16, "127.0.1." + host + " is inside 127.0.1.0/28 and was served");
            } catch (IOException closed) {
                refused++;
                assertTrue(host < 16, "127.0.1." + host + " is outside 127.0.1.0/28 and was refused: " + closed);
            }
        }
        assertEquals(15, refused);
        Poll.until(Duration.ofSeconds(10), "15 denied in status", () -> denied(master, 0) == 15);
    }

    /** Echo over a fresh connection from {@code source}; a refused one ends in EOF (FIN) or a reset. */
    private static byte[] echoFrom(String source, int port, byte[] data) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(source), 0)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(data);
            return ProxyClient.read(socket, data.length);
        }
    }

    /** The reply to one datagram from {@code source}, or null if none came within {@code waitMillis}. */
    private static byte[] datagramFrom(String source, int port, byte[] data, int waitMillis) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            channel.socket().setSoTimeout(waitMillis);
            channel.send(ByteBuffer.wrap(data), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            byte[] reply = new byte[100];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(reply, reply.length);
            try {
                channel.socket().receive(packet);
            } catch (java.net.SocketTimeoutException none) {
                return null;
            }
            return java.util.Arrays.copyOf(reply, packet.getLength());
        }
    }

    private static long denied(MasterProcess master, int listener) {
        var dropped = ListenersIT.listeners(master.status()).get(listener).getAsJsonObject("dropped");
        return dropped.has("denied") ? dropped.get("denied").getAsLong() : 0;
    }
}
