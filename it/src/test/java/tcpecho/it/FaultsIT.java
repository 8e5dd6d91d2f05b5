package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults added with {@code tcp-echo-master fault add} on a running master, measured by real
 * clients on what cannot be noise: a delay is at least what was asked, a limit is exact, a reset
 * is a reset, a rate is never above the cap by more than 10%, a loss rate is within its binomial bound.
 */
class FaultsIT {
    @RegisterExtension
    final Masters masters = new Masters();

    private static void ok(Cli.Result result) {
        assertEquals(0, result.code(), result.toString());
    }

    @Test
    void latencyAddsAtLeastTheDelayToEachEchoAndGoesAwayWhenRemoved() throws Exception {
        MasterProcess master = masters.create().start();
        ok(master.cli("fault", "add", "echo", "latency", "--latency", "300ms", "--jitter", "0"));
        Cli.Result list = master.cli("fault", "list");
        ok(list);
        assertTrue(list.stdout().contains("latency_downstream") && list.stdout().contains("latency=300ms")
                && list.stdout().contains("run-time"), list.stdout());

        assertEchoesTakeAtLeast(master.port, 300, 3);
        ok(master.cli("fault", "remove", "echo", "latency_downstream"));
        assertEquals("no faults\n", master.cli("fault", "list").stdout());
        assertTrue(master.log().contains("faults on echo: none"), master.log());
    }

    /** Each of {@code echoes} exchanges of 100 bytes on one connection to {@code port} takes at least {@code millis}. */
    static void assertEchoesTakeAtLeast(int port, long millis, int echoes) throws Exception {
        try (EchoClient client = new EchoClient(port)) {
            for (int i = 0; i < echoes; i++) {
                byte[] data = EchoClient.random(100, i);
                long start = System.nanoTime();
                assertArrayEquals(data, client.exchange(data));
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(took >= millis, "echo " + i + " to port " + port + " took " + took + " ms, less than " + millis);
            }
        }
    }

    @Test
    void limitDataClosesAfterExactlyTheLimit() throws Exception {
        MasterProcess master = masters.create().start();
        ok(master.cli("fault", "add", "echo", "limit-data", "--bytes", "1000"));
        try (EchoClient client = new EchoClient(master.port)) {
            client.socket.getOutputStream().write(EchoClient.random(5_000, 7));
            byte[] echoed = client.readToEof();
            assertEquals(1000, echoed.length, "bytes echoed before EOF");
            assertArrayEquals(Arrays.copyOf(EchoClient.random(5_000, 7), 1000), echoed);
        }
    }

    @Test
    void resetPeerGivesTheClientEconnresetAfterTheBytes() throws Exception {
        MasterProcess master = masters.create().start();
        ok(master.cli("fault", "add", "echo", "reset-peer", "--bytes", "1000"));
        try (EchoClient client = new EchoClient(master.port)) {
            client.socket.getOutputStream().write(EchoClient.random(1_000, 8));
            InputStream in = client.socket.getInputStream();
            byte[] buffer = new byte[4096];
            int total = 0;
            SocketException reset = null;
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    total += n;
                }
            } catch (SocketException e) {
                reset = e;
            }
            assertTrue(total <= 1000, "at most the bytes before the reset, got " + total);
            assertTrue(reset != null && reset.getMessage().contains("Connection reset"),
                    "expected ECONNRESET, got " + (reset == null ? "EOF" : reset.getMessage()) + " after " + total);
        }
        assertTrue(master.log().contains("reset_peer_downstream: reset after 1000 bytes"), master.log());
    }

    @Test
    void slicerChunksArriveInTheConfiguredSizes() throws Exception {
        MasterProcess master = masters.create().start();
        ok(master.cli("fault", "add", "echo", "slicer", "--average-size", "100", "--size-variation", "20",
                "--delay", "200ms"));
        try (EchoClient client = new EchoClient(master.port)) {
            byte[] data = EchoClient.random(500, 9);
            client.socket.getOutputStream().write(data);
            InputStream in = client.socket.getInputStream();
            List<Integer> chunks = new ArrayList<>();
            byte[] buffer = new byte[4096];
            int total = 0;
            while (total < data.length) {
                int n = in.read(buffer);
                assertTrue(n > 0, "EOF after " + total + " bytes");
                chunks.add(n);
                total += n;
            }
            for (int i = 0; i < chunks.size() - 1; i++) {
                assertTrue(chunks.get(i) >= 80 && chunks.get(i) <= 120, "chunk sizes " + chunks);
            }
            assertTrue(chunks.get(chunks.size() - 1) <= 120, "chunk sizes " + chunks);
        }
    }

    @Test
    void bandwidthStaysUnderTheCapOverSeconds() throws Exception {
        MasterProcess master = masters.create().start();
        ok(master.cli("fault", "add", "echo", "bandwidth", "--rate", "100"));
        try (EchoClient client = new EchoClient(master.port)) {
            OutputStream out = client.socket.getOutputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(EchoClient.random(1_000_000, 10));
                } catch (Exception closed) {
                    // the test closes the socket before all of it is echoed
                }
            });
            InputStream in = client.socket.getInputStream();
            byte[] buffer = new byte[65536];
            long total = in.read(buffer);
            long first = System.nanoTime();
            long elapsed;
            do {
                total += in.read(buffer);
                elapsed = System.nanoTime() - first;
            } while (elapsed < TimeUnit.SECONDS.toNanos(3));
            double rate = total / (elapsed / 1e9);
            assertTrue(rate <= 110_000, "echoed at " + (long) rate + " bytes/s, over 100 KB/s + 10%");
            assertTrue(rate >= 50_000, "echoed at " + (long) rate + " bytes/s: not flowing");
            client.close();
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void udpLossDropsTheConfiguredFractionWithinItsBinomialBound() throws Exception {
        MasterProcess master = masters.create();
        int udp = MasterProcess.freePort();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--listen", "echo-udp:127.0.0.1:" + udp,
                "--udp-rate-per-source", "off", "--udp-rate-per-worker", "off");
        String name = ListenersIT.listeners(master.status()).get(1).get("name").getAsString();
        ok(master.cli("fault", "add", name, "loss", "--probability", "0.3"));
        int sent = 10_000;
        int answered = 0;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setReceiveBufferSize(1 << 20);
            socket.setSoTimeout(100);
            InetAddress loopback = InetAddress.getLoopbackAddress();
            byte[] reply = new byte[64];
            for (int batch = 0; batch < sent / 100; batch++) {
                for (int i = 0; i < 100; i++) {
                    byte[] data = ("datagram " + (batch * 100 + i)).getBytes();
                    socket.send(new DatagramPacket(data, data.length, loopback, udp));
                }
                try {
                    for (int i = 0; i < 100; i++) {
                        socket.receive(new DatagramPacket(reply, reply.length));
                        answered++;
                    }
                } catch (SocketTimeoutException rest) {
                    // this batch's lost ones
                }
            }
        }
        // 5 standard deviations of Binomial(10000, 0.3): 5 * sqrt(10000 * 0.3 * 0.7) = 229.
        int lost = sent - answered;
        assertTrue(Math.abs(lost - 3000) <= 229, lost + " of " + sent + " datagrams lost, expected 3000 +/- 229");
        long counted = Poll.until(Duration.ofSeconds(10), "the fault-loss counter", () -> {
            JsonObject listener = ListenersIT.listeners(master.status()).get(1);
            long n = listener.getAsJsonObject("dropped").get("fault-loss").getAsLong();
            return n == lost ? n : null;
        });
        assertEquals(lost, counted);
    }

    /** Each of {@code connections} new connections gets exactly {@code limit} of 2000 bytes back, then EOF. */
    private static void assertLimited(int port, int limit, int connections) throws Exception {
        for (int i = 0; i < connections; i++) {
            try (EchoClient client = new EchoClient(port)) {
                client.socket.getOutputStream().write(EchoClient.random(2_000, i));
                assertEquals(limit, client.readToEof().length, "connection " + i + " to port " + port);
            }
        }
    }

    @Test
    void configFaultsApplyAndRunTimeOnesSurviveARespawnAndAReload() throws Exception {
        MasterProcess master = masters.create();
        int other = MasterProcess.freePort();
        Path config = ListenersIT.writeConfig(master, ListenersIT.listener("a", master.port)
                + "[[listener.fault]]\ntype = \"limit-data\"\nbytes = 500\n" + ListenersIT.listener("b", other));
        Cli.Result check = Cli.master("check", "-c", config.toString());
        assertTrue(check.stdout().contains("faults=[limit_data_downstream: limit-data downstream bytes=500 bytes]"),
                check.toString());
        master.start("-c", config.toString());
        assertLimited(master.port, 500, 4);
        ok(master.cli("fault", "add", "b", "limit-data", "--bytes", "300"));
        assertLimited(other, 300, 8);

        long killed = master.workerPids().get(1);
        Pids.signal(killed, "KILL");
        Poll.until(Duration.ofSeconds(20), "slot 2 respawned and ready", () -> MasterProcess.workers(master.status())
                .stream().anyMatch(w -> w.get("slot").getAsInt() == 2 && w.get("pid").getAsLong() != killed
                        && w.get("state").getAsString().equals("ready")));
        assertLimited(other, 300, 8);

        Files.writeString(config, Files.readString(config).replace("bytes = 500", "bytes = 700"));
        ok(master.cli("reload"));
        assertLimited(master.port, 700, 4);
        assertLimited(other, 300, 8);
        Cli.Result list = master.cli("fault", "list");
        assertTrue(list.stdout().matches("(?s).*a +limit_data_downstream +limit-data +downstream +1 +bytes=700 +config.*")
                && list.stdout().matches("(?s).*b +limit_data_downstream +limit-data +downstream +1 +bytes=300 +run-time.*"),
                list.stdout());
        List<String> origins = new ArrayList<>();
        master.status().getAsJsonArray("faults").forEach(f -> origins.add(f.getAsJsonObject().get("listener")
                .getAsString() + " " + f.getAsJsonObject().get("origin").getAsString()));
        assertEquals(List.of("a config", "b run-time"), origins);
    }

    @Test
    void badFaultsAreUsageErrorsAndUnknownListenersAreRefused() throws Exception {
        MasterProcess master = masters.create().start();
        Cli.Result bad = master.cli("fault", "add", "echo", "latency", "--latency", "soon");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.stderr().contains("latency must be a duration (200ms, 1.5s) or a number of milliseconds"),
                bad.stderr());
        Cli.Result wrong = master.cli("fault", "add", "echo", "latency", "--rate", "5");
        assertEquals(2, wrong.code(), wrong.toString());
        assertTrue(wrong.stderr().contains("latency does not take --rate (it takes --latency, --jitter)"), wrong.stderr());
        Cli.Result unknown = master.cli("fault", "add", "nope", "latency", "--latency", "5");
        assertEquals(1, unknown.code(), unknown.toString());
        assertTrue(unknown.stderr().contains("no listener named 'nope' (listeners: echo)"), unknown.stderr());
        Cli.Result loss = master.cli("fault", "add", "echo", "loss", "--probability", "0.5");
        assertEquals(1, loss.code(), loss.toString());
        assertTrue(loss.stderr().contains("loss is for echo-udp only"), loss.stderr());
    }
}
