package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * echo-udp must not answer datagrams that start loops (CVE-2024-2169, CERT CA-1996-01): from the
 * ports of echo, chargen, dns, ntp and the like, or spoofed from the listener itself, over IPv4 and
 * IPv6; and it caps the replies one source gets. Runs as root (CI does): it binds low source ports
 * and sends spoofed datagrams through a raw socket (python3, it/src/test/resources/spoof-udp.py).
 */
class UdpLoopIT {
    private static final Path SPOOF = Path.of("target/test-classes/spoof-udp.py").toAbsolutePath();
    /** Echo, discard, daytime, qotd, chargen, time, dns, ntp, snmp: loopers and amplifiers. */
    private static final int[] LOOP_PORTS = {7, 9, 13, 17, 19, 37, 53, 123, 161};

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void datagramsFromLoopPortsGetNoReplyOverIpv4AndIpv6() throws Exception {
        MasterProcess master = masters.create();
        int v4 = MasterProcess.freePort();
        int v6 = MasterProcess.freePort();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--listen", "echo-udp:127.0.0.1:" + v4,
                "--listen", "echo-udp:[::1]:" + v6);
        List<DatagramChannel> sources = new ArrayList<>();
        try {
            int sent4 = sendFromEachPort("127.0.0.1", v4, sources);
            int sent6 = sendFromEachPort("::1", v6, sources);
            spoof("127.0.0.1", 0, "127.0.0.1", v4);
            spoof("::1", 0, "::1", v6);

            Poll.until(Duration.ofSeconds(10), "every loop-port datagram counted as dropped", () ->
                    dropped(master, 1, "loop-port") == sent4 + 1 && dropped(master, 2, "loop-port") == sent6 + 1);
            // Counted as dropped means handled and not answered; nothing may be waiting either.
            for (DatagramChannel source : sources) {
                assertNull(source.receive(ByteBuffer.allocate(100)), "a reply to " + source.getLocalAddress());
            }
            assertEquals(sent4 + 1, accepted(master, 1));
            assertTrue(sent4 >= LOOP_PORTS.length - 1 && sent6 >= LOOP_PORTS.length - 1,
                    "bound " + sent4 + " and " + sent6 + " of " + LOOP_PORTS.length + " low ports");
        } finally {
            for (DatagramChannel source : sources) {
                source.close();
            }
        }
        ProtocolsIT.assertUdpEcho(v4, "an ephemeral port is answered".getBytes(StandardCharsets.US_ASCII));
        Poll.until(Duration.ofSeconds(10), "the summary warning", () -> master.log().contains(
                "echo-udp 'echo-udp-" + v4 + "': dropped "));
    }

    @Test
    void aSelfAddressedDatagramCostsOneDropNotALoop() throws Exception {
        MasterProcess master = masters.create();
        int v4 = MasterProcess.freePort();
        int v6 = MasterProcess.freePort();
        int metrics = MasterProcess.freePort();
        // udp-loop-guard off: the own-socket check must hold on its own.
        master.start("--listen", "echo-udp:0.0.0.0:" + v4, "--listen", "echo-udp:[::1]:" + v6,
                "--udp-loop-guard", "false", "--metrics", "127.0.0.1:" + metrics);
        List<Long> workers = master.workerPids();
        long cpuBefore = cpuTicks(workers);

        spoof("127.0.0.1", v4, "127.0.0.1", v4);
        spoof("::1", v6, "::1", v6);

        Poll.until(Duration.ofSeconds(10), "the spoofed datagrams to arrive", () ->
                accepted(master, 0) >= 1 && accepted(master, 1) >= 1);
        // A loop adds hundreds of thousands a second; three more heartbeats must add nothing.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            assertEquals(1, accepted(master, 0), "datagrams on the IPv4 listener");
            assertEquals(1, accepted(master, 1), "datagrams on the IPv6 listener");
            Thread.sleep(200);
        }
        assertEquals(1, dropped(master, 0, "own-socket"), "own-socket drops on the IPv4 listener");
        assertEquals(1, dropped(master, 1, "own-socket"), "own-socket drops on the IPv6 listener");
        long cpu = cpuTicks(workers) - cpuBefore;
        System.out.printf("self-addressed datagrams: 1 own-socket drop per listener, workers' CPU %d ticks in ~3 s%n", cpu);
        assertTrue(cpu < 100, "workers used " + cpu + " ticks (10 ms each) in ~3 s; a loop burns ~90% of a core");
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metrics + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(scrape.contains("tcp_echo_listener_dropped_total{listener=\"echo-udp-" + v4
                + "\",protocol=\"echo-udp\",reason=\"own-socket\"} 1\n"), scrape);
        assertTrue(master.log().contains("udp-loop-guard is off for echo-udp-" + v4 + " (flag --udp-loop-guard), echo-udp-"
                + v6 + " (flag --udp-loop-guard): datagrams from the ports of echo"), master.log());

        try (DatagramSocket chargen = new DatagramSocket(null)) {
            chargen.setReuseAddress(true);
            chargen.bind(new InetSocketAddress("127.0.0.1", 19));
            chargen.setSoTimeout(5000);
            chargen.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getByName("127.0.0.1"), v4));
            DatagramPacket reply = new DatagramPacket(new byte[10], 10);
            chargen.receive(reply);
            assertEquals(1, reply.getLength(), "with the guard off, port 19 is answered");
        }
    }

    @Test
    void aListenerTurnsTheGuardOffForItselfOnly() throws Exception {
        MasterProcess master = masters.create();
        int guarded = MasterProcess.freePort();
        int lab = MasterProcess.freePort();
        Path config = ListenersIT.writeConfig(master, "[[listener]]\nname = \"public\"\nprotocol = \"echo-udp\"\n"
                + "bind = \"127.0.0.1\"\nport = " + guarded + "\n[[listener]]\nname = \"lab\"\nprotocol = \"echo-udp\"\n"
                + "bind = \"127.0.0.1\"\nport = " + lab + "\nudp-loop-guard = false\n");
        master.start("-c", config.toString());

        try (DatagramSocket chargen = new DatagramSocket(null)) {
            chargen.setReuseAddress(true);
            chargen.bind(new InetSocketAddress("127.0.0.1", 19));
            chargen.setSoTimeout(5000);
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            chargen.send(new DatagramPacket(new byte[] {1}, 1, loopback, guarded));
            chargen.send(new DatagramPacket(new byte[] {2}, 1, loopback, lab));
            DatagramPacket reply = new DatagramPacket(new byte[10], 10);
            chargen.receive(reply);
            assertEquals(lab, reply.getPort(), "only the lab listener answers port 19");
        }
        Poll.until(Duration.ofSeconds(10), "the public listener's drop", () -> dropped(master, 0, "loop-port") == 1);
        assertEquals(0, dropped(master, 1, "loop-port"));
        assertTrue(master.log().contains("udp-loop-guard is off for lab (file " + config + ":"), master.log());
    }

    @Test
    void oneSourceGetsItsRateAndNoMore() throws Exception {
        MasterProcess master = masters.create();
        int udp = MasterProcess.freePort();
        master.start("--listen", "echo-udp:127.0.0.1:" + udp, "--udp-rate-per-source", "10/s");
        int sent = 200;
        int replies = 0;
        long started = System.nanoTime();
        try (DatagramChannel client = bound("127.0.0.1", 0)) {
            for (int i = 0; i < sent; i++) {
                client.send(ByteBuffer.wrap(new byte[] {(byte) i}), new InetSocketAddress("127.0.0.1", udp));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Poll.until(Duration.ofSeconds(10), "all datagrams counted", () -> accepted(master, 0) == sent);
            while (client.receive(ByteBuffer.allocate(10)) != null) {
                replies++;
            }
            // 10/s holds a burst of 2; one client port reaches one worker.
            assertTrue(replies >= 2 && replies <= 2 + 10 * seconds + 1, replies + " replies in " + seconds + " s");
            int answered = replies;
            Poll.until(Duration.ofSeconds(10), "the rest counted as rate-source", () ->
                    dropped(master, 0, "rate-source") == sent - answered);
        }
    }

    @Test
    void fiveThousandSprayedSourcesMeetTheWorkerCapAndMemoryStaysFlat() throws Exception {
        MasterProcess master = masters.create();
        int udp = MasterProcess.freePort();
        master.start("--listen", "echo-udp:127.0.0.1:" + udp, "--udp-rate-per-worker", "200/s");
        List<Long> workers = master.workerPids();
        long rssBefore = rssKib(workers);
        int sent = 5000;
        long started = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            // One address each, as a spoofer spraying sources would: every source is new to the table.
            try (DatagramChannel source = bound("127.1." + (i >> 8) + "." + (i & 255), 0)) {
                source.send(ByteBuffer.wrap(new byte[] {7}), new InetSocketAddress("127.0.0.1", udp));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Poll.until(Duration.ofSeconds(15), "the spray counted", () -> accepted(master, 0) >= sent * 9 / 10
                && dropped(master, 0, "rate-worker") + answered(master) == accepted(master, 0));
        long answered = answered(master);
        long capped = dropped(master, 0, "rate-worker");
        long rssAfter = rssKib(workers);
        System.out.printf("udp spray: %d sources in %.2f s, %d received, %d answered, %d rate-worker drops;"
                + " worker RSS %d -> %d KiB%n", sent, seconds, accepted(master, 0), answered, capped, rssBefore, rssAfter);
        // Two workers, each 200/s with a burst of 40.
        assertTrue(answered <= 2 * (40 + 200 * seconds) + 10, answered + " answered in " + seconds + " s");
        assertTrue(capped > 0, "no rate-worker drops");
        assertTrue(rssAfter - rssBefore < 16 * 1024, "worker RSS grew from " + rssBefore + " to " + rssAfter + " KiB");
    }

    private static long answered(MasterProcess master) {
        // echo-udp answers with what it got: bytes out over 1-byte datagrams.
        return listener(master, 0).get("bytes_out").getAsLong();
    }

    private static long rssKib(List<Long> pids) throws IOException {
        long kib = 0;
        for (long pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    kib += Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        }
        return kib;
    }

    private static int sendFromEachPort(String address, int target, List<DatagramChannel> sources) throws IOException {
        int sent = 0;
        for (int port : LOOP_PORTS) {
            DatagramChannel source;
            try {
                source = bound(address, port);
            } catch (IOException inUse) {
                continue; // a local resolver may hold 53; the other ports make the point
            }
            sources.add(source);
            source.send(ByteBuffer.wrap(("from " + port).getBytes(StandardCharsets.US_ASCII)),
                    new InetSocketAddress(InetAddress.getByName(address), target));
            sent++;
        }
        return sent;
    }

    private static DatagramChannel bound(String address, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static void spoof(String source, int sourcePort, String target, int targetPort) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", SPOOF.toString(), source, Integer.toString(sourcePort),
                target, Integer.toString(targetPort), "spoofed").redirectErrorStream(true).start();
        assertTrue(python.waitFor(10, TimeUnit.SECONDS), "spoof-udp.py did not finish");
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, python.exitValue(), "spoof-udp.py (needs root): " + output);
    }

    private static JsonObject listener(MasterProcess master, int index) {
        return ListenersIT.listeners(master.status()).get(index);
    }

    private static long dropped(MasterProcess master, int index, String reason) {
        return listener(master, index).getAsJsonObject("dropped").get(reason).getAsLong();
    }

    private static long accepted(MasterProcess master, int index) {
        return listener(master, index).get("accepted").getAsLong();
    }

    /** utime + stime of the processes, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return ticks;
    }
}
