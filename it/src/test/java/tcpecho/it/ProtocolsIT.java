package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every protocol on its own listener of one master (--listen), per-listener counters in status,
 * and reloads that change a listener's protocol on the same port or leave a UDP listener alone.
 */
class ProtocolsIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void everyProtocolFromListenFlagsAnswersAsItsRfcSays() throws Exception {
        MasterProcess master = masters.create();
        int daytime = MasterProcess.freePort();
        int discard = MasterProcess.freePort();
        int chargen = MasterProcess.freePort();
        int udp = MasterProcess.freePort();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--listen", "daytime:127.0.0.1:" + daytime,
                "--listen", "discard:127.0.0.1:" + discard, "--listen", "chargen:127.0.0.1:" + chargen,
                "--listen", "echo-udp:127.0.0.1:" + udp);

        byte[] data = EchoClient.random(4_000, 1);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
        assertDaytime(daytime);
        try (EchoClient client = new EchoClient(discard)) {
            client.socket.getOutputStream().write(data);
            client.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> client.socket.getInputStream().read(),
                    "discard sends nothing back and keeps the connection open");
        }
        try (EchoClient client = new EchoClient(chargen)) {
            byte[] chars = client.readExactly(1_000);
            assertEquals(1_000, chars.length);
            for (byte b : chars) {
                assertTrue((b >= 32 && b <= 126) || b == '\r' || b == '\n', "chargen sent byte " + b);
            }
        }
        assertUdpEcho(udp, "hello over udp".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void statusCountsEachListenersTraffic() throws Exception {
        MasterProcess master = masters.create();
        int other = MasterProcess.freePort();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--listen", "echo:127.0.0.1:" + other);

        EchoClient.echo(master.port, EchoClient.random(3_000, 2));
        EchoClient.echo(other, EchoClient.random(500, 3));
        EchoClient.echo(other, EchoClient.random(500, 4));

        Poll.until(Duration.ofSeconds(10), "per-listener counters in status", () -> {
            List<JsonObject> listeners = ListenersIT.listeners(master.status());
            return counters(listeners.get(0)).equals(List.of(0L, 1L, 3_000L, 3_000L))
                    && counters(listeners.get(1)).equals(List.of(0L, 2L, 1_000L, 1_000L));
        });
    }

    @Test
    void reloadChangesAProtocolOnTheSamePortWithNoFailedConnectOnTheUntouchedListener() throws Exception {
        MasterProcess master = masters.create();
        int changed = MasterProcess.freePort();
        Path config = ListenersIT.writeConfig(master, ListenersIT.listener("kept", master.port)
                + "\n[[listener]]\nname = \"changing\"\nport = " + changed + "\n");
        master.start("-c", config.toString());
        byte[] data = EchoClient.random(100, 5);
        assertArrayEquals(data, EchoClient.echo(changed, data));

        try (ListenersIT.ConnectLoop load = new ListenersIT.ConnectLoop(master.port)) {
            load.awaitRounds(20);
            Files.writeString(config, Files.readString(config).replace("name = \"changing\"",
                    "name = \"changing\"\nprotocol = \"daytime\""));
            Cli.Result reload = master.cli("reload");
            assertEquals(0, reload.code(), reload.toString());
            load.awaitRounds(load.rounds() + 20);
            assertEquals(List.of(), load.failures(), "connects to the untouched listener during the reload");
        }
        Poll.until(Duration.ofSeconds(15), "the old generation to exit", () -> MasterProcess.workers(master.status())
                .stream().allMatch(w -> w.get("generation").getAsLong() == 2));
        assertDaytime(changed);
        assertTrue(master.log().contains("~changing (daytime 127.0.0.1:" + changed + ", same sockets)"), master.log());
    }

    @Test
    void aUdpListenerKeepsItsSocketsAndEchoesAcrossAReload() throws Exception {
        MasterProcess master = masters.create();
        int udp = MasterProcess.freePort();
        int added = MasterProcess.freePort();
        Path config = ListenersIT.writeConfig(master, ListenersIT.listener("tcp", master.port)
                + "\n[[listener]]\nname = \"udp\"\nprotocol = \"echo-udp\"\nport = " + udp + "\n");
        master.start("-c", config.toString());
        assertUdpEcho(udp, "before".getBytes(StandardCharsets.US_ASCII));

        Files.writeString(config, Files.readString(config) + "\n[[listener]]\nprotocol = \"discard\"\nport = " + added
                + "\n");
        Cli.Result reload = master.cli("reload");

        assertEquals(0, reload.code(), reload.toString());
        assertUdpEcho(udp, "after".getBytes(StandardCharsets.US_ASCII));
        assertTrue(master.log().contains("listeners +discard-" + added + " (discard 127.0.0.1:" + added + ")\n"),
                master.log());
        Poll.until(Duration.ofSeconds(10), "a datagram counted on the udp listener", () ->
                ListenersIT.listeners(master.status()).get(1).get("accepted").getAsLong() >= 1);
    }

    @Test
    void aLiveUpgradeHandsOverUdpAndTcpListeners() throws Exception {
        MasterProcess master = masters.create();
        int udp = MasterProcess.freePort();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--listen", "echo-udp:127.0.0.1:" + udp);
        long old = master.pid();

        Cli.Result upgrade = master.cli("upgrade");

        assertEquals(0, upgrade.code(), upgrade.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("upgraded: master pid (\\d+) .*")
                .matcher(upgrade.stdout().strip());
        assertTrue(m.matches(), upgrade.toString());
        master.adopt(Long.parseLong(m.group(1)));
        Poll.until(Duration.ofSeconds(30), "old master " + old + " to exit", () -> Pids.gone(old));
        assertUdpEcho(udp, "after the upgrade".getBytes(StandardCharsets.US_ASCII));
        byte[] data = EchoClient.random(1_000, 6);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
        assertEquals(List.of("echo 127.0.0.1:" + master.port + " (inherited)", "echo-udp 127.0.0.1:" + udp
                + " (inherited)"), master.status().getAsJsonObject("master").getAsJsonArray("listeners").asList()
                .stream().map(e -> e.getAsString()).toList());
    }

    private static List<Long> counters(JsonObject listener) {
        return List.of("connections", "accepted", "bytes_in", "bytes_out").stream()
                .map(k -> listener.get(k).getAsLong()).toList();
    }

    /** RFC 867: one line of human-readable date and time, then the server closes. */
    static void assertDaytime(int port) throws IOException {
        try (EchoClient client = new EchoClient(port)) {
            String line = new String(client.readToEof(), StandardCharsets.US_ASCII);
            assertTrue(line.endsWith("\n") && line.strip().length() >= 10, "daytime answer: '" + line + "'");
            assertTrue(line.contains(Integer.toString(java.time.Year.now().getValue())), "daytime answer: " + line);
        }
    }

    /** Loopback may still drop a datagram under load, so a few tries with a timeout each. */
    static void assertUdpEcho(int port, byte[] payload) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1_000);
            byte[] buffer = new byte[2048];
            for (int attempt = 1; ; attempt++) {
                socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(reply);
                    assertArrayEquals(payload, Arrays.copyOf(buffer, reply.getLength()));
                    return;
                } catch (SocketTimeoutException lost) {
                    if (attempt == 5) {
                        throw new AssertionError("no udp echo from port " + port + " after 5 datagrams", lost);
                    }
                }
            }
        }
    }
}
