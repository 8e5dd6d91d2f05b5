package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/** daytime, discard, chargen and echo-udp served by one real worker JVM, as a client sees them. */
class SmallServersIT {
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static SpawnedWorker worker;
    private static int daytime;
    private static int discard;
    private static int chargen;
    private static int udp;

    @BeforeAll
    static void startWorker() throws Exception {
        worker = SpawnedWorker.start(1, List.of(SpawnedWorker.Listen.tcp("daytime", "day"),
                SpawnedWorker.Listen.tcp("discard", "sink"), SpawnedWorker.Listen.tcp("chargen", "gen"),
                SpawnedWorker.Listen.udp("uecho")), 200, TestDefaults.CONNECTION_LIMITS, 0);
        worker.acceptControl(SHORT);
        worker.await(Verb.READY);
        daytime = worker.ports.get(0);
        discard = worker.ports.get(1);
        chargen = worker.ports.get(2);
        udp = worker.ports.get(3);
    }

    @AfterAll
    static void stopWorker() throws IOException {
        worker.close();
    }

    @Test
    void daytimeSendsOneLineWithTheCurrentTimeThenEof() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        String text;
        try (SocketChannel client = SpawnedWorker.connect(daytime)) {
            text = new String(readToEof(client, SHORT), StandardCharsets.US_ASCII);
        }
        assertTrue(text.endsWith("\r\n") && text.indexOf('\n') == text.length() - 1, "one CRLF line: " + text);
        Instant at = ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertTrue(!at.isBefore(before) && !at.isAfter(Instant.now()), text + " is not now");
    }

    @Test
    void discardSwallowsOneMebibyteAndTheConnectionStaysUsable() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(discard)) {
            writeAll(client, new byte[1 << 20]);
            awaitListener("sink", c -> c.bytesIn() == 1 << 20 && c.connections() == 1);
            writeAll(client, "more".getBytes(StandardCharsets.US_ASCII));
            awaitListener("sink", c -> c.bytesIn() == (1 << 20) + 4 && c.bytesOut() == 0);
            client.shutdownOutput();
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the server closes after our EOF, sending nothing");
        }
        awaitListener("sink", c -> c.connections() == 0 && c.accepted() >= 1);
    }

    @Test
    void chargenSendsTheRfc864PatternExactly() throws Exception {
        // Three cycles and a partial line: past the wrap-around, and past the shared buffer's first slice.
        try (SocketChannel client = SpawnedWorker.connect(chargen)) {
            Rfc864.assertStream(Loopback.readFully(client, 3 * 7030 + 100));
        }
    }

    /**
     * A reader that stops: the worker stops sending once the kernel's socket buffers are full and its
     * RSS stays flat, however long the stream would otherwise be. What it may have sent is bounded by
     * what was read plus what the kernel buffers per connection (the server's send buffer, which
     * autotuning grows up to tcp_wmem's maximum: ~2.4 MB each was seen, and the client's receive
     * buffer); a fixed slack failed under load, when the fill was still growing between two heartbeats.
     */
    @Test
    void chargenIsPacedBySlowReadersAndMemoryStaysFlat() throws Exception {
        // Counted from here: bytes of the other chargen test, and heartbeats queued before, are not ours.
        awaitListener("gen", c -> c.connections() == 0);
        long before = counters(worker.awaitFreshHeartbeat(SHORT), "gen").bytesOut();
        List<SocketChannel> readers = new ArrayList<>();
        try {
            long kernelBuffers = 0;
            for (int i = 0; i < 20; i++) {
                SocketChannel client = SocketChannel.open();
                client.setOption(StandardSocketOptions.SO_RCVBUF, 8192);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), chargen));
                readers.add(client);
                kernelBuffers += client.getOption(StandardSocketOptions.SO_RCVBUF) + maxSendBuffer();
            }
            long rssBefore = rssKiB();
            long filled = awaitSteady("gen") - before;
            long taken = 0;
            for (int round = 0; round < 10; round++) {
                for (SocketChannel client : readers) {
                    taken += Loopback.readFully(client, 4096).length;
                }
                Thread.sleep(100);
            }
            long sent = awaitSteady("gen") - before;
            long rssAfter = rssKiB();
            System.out.printf("chargen slow readers: 20 clients, filled %d bytes, read %d, server sent %d in all"
                    + " (kernel buffers at most %d); worker RSS %d KiB -> %d KiB%n", filled, taken, sent,
                    kernelBuffers, rssBefore, rssAfter);
            assertTrue(filled > 0, "nothing sent to 20 chargen clients");
            assertTrue(sent <= taken + kernelBuffers, "sent " + sent + " for " + taken + " read, with "
                    + kernelBuffers + " bytes of kernel buffers");
            assertTrue(rssAfter - rssBefore < 8 * 1024, "RSS grew from " + rssBefore + " to " + rssAfter + " KiB");
        } finally {
            for (SocketChannel client : readers) {
                client.close();
            }
        }
        awaitListener("gen", c -> c.connections() == 0);
    }

    @Test
    void echoUdpReturnsDatagramsFromOneByteTo65507UnchangedToTwentySenders() throws Exception {
        int[] sizes = {1, 2, 100, 512, 1472, 1473, 9000, 32768, 65507};
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> senders = new ArrayList<>();
            for (int s = 0; s < 20; s++) {
                int seed = s;
                senders.add(pool.submit((Callable<Integer>) () -> roundTrips(seed, sizes)));
            }
            int retries = 0;
            for (Future<Integer> sender : senders) {
                retries += sender.get(60, TimeUnit.SECONDS);
            }
            System.out.println("echo-udp: 20 senders x " + sizes.length + " datagrams round-tripped, " + retries
                    + " resent after a loss");
        } finally {
            pool.shutdownNow();
        }
        awaitListener("uecho", c -> c.connections() == 0 && c.accepted() >= 20 * sizes.length
                && c.bytesOut() >= 20L * 110_000);
    }

    /**
     * From 127.0.0.(2 + seed): sends each size, waits for the identical datagram back; UDP may lose one under
     * load, so up to 5 tries.
     */
    private static int roundTrips(int seed, int[] sizes) throws IOException {
        int retries = 0;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            // One address each: twenty senders from one address would share its udp-rate-per-source
            // (100/s, bursts of 20) and retry into each other's drops. Any user may bind 127.0.0.0/8.
            channel.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + seed)}), 0));
            channel.socket().setSoTimeout(1000);
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), udp);
            Random random = new Random(seed);
            ByteBuffer in = ByteBuffer.allocate(70_000);
            for (int size : sizes) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                for (int attempt = 0; ; attempt++) {
                    channel.send(ByteBuffer.wrap(data), server);
                    byte[] back = receive(channel, in, Duration.ofSeconds(1));
                    if (back != null) {
                        assertArrayEquals(data, back, "datagram of " + size + " bytes from sender " + seed);
                        break;
                    }
                    if (attempt == 4) {
                        throw new AssertionError("no echo of " + size + " bytes after 5 tries");
                    }
                    retries++;
                }
            }
        }
        return retries;
    }

    private static byte[] receive(DatagramChannel channel, ByteBuffer in, Duration timeout) throws IOException {
        channel.configureBlocking(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (channel.receive(in.clear()) != null) {
                in.flip();
                byte[] back = new byte[in.remaining()];
                in.get(back);
                return back;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Test
    void heartbeatCarriesEveryListenersCounters() throws Exception {
        Message beat = worker.await(m -> m.is(Verb.HEARTBEAT) && !listeners(m).isEmpty(), SHORT);
        List<String> names = listeners(beat).stream()
                .map(ListenerCounters::name).collect(Collectors.toList());
        assertEquals(List.of("day", "sink", "gen", "uecho"), names);
    }

    /** The bytes the listener has sent, once two heartbeats in a row sent after this call agree. */
    private static long awaitSteady(String name) throws InterruptedException {
        long previous = -1;
        long deadline = System.nanoTime() + SHORT.toNanos();
        for (Message beat = worker.awaitFreshHeartbeat(SHORT); System.nanoTime() - deadline < 0;
                beat = worker.await(Verb.HEARTBEAT)) {
            long now = counters(beat, name).bytesOut();
            if (now == previous && now > 0) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("bytes_out of " + name + " never settled");
    }

    /** The most a TCP send buffer grows to by autotuning (tcp_wmem's third field); SO_SNDBUF is not set. */
    private static long maxSendBuffer() throws IOException {
        // Not Files.readString: it read "4" of this /proc file (it trusts the file's reported size).
        String[] wmem = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_wmem")).get(0).trim().split("\\s+");
        return Long.parseLong(wmem[2]);
    }

    private static ListenerCounters awaitListener(String name, java.util.function.Predicate<ListenerCounters> wanted)
            throws InterruptedException {
        return counters(worker.await(m -> m.is(Verb.HEARTBEAT) && wanted.test(counters(m, name)), SHORT), name);
    }

    static ListenerCounters counters(Message beat, String name) {
        return listeners(beat).stream()
                .filter(c -> c.name().equals(name)).findFirst()
                .orElse(new ListenerCounters(name, -1, -1, -1, -1));
    }

    private static List<ListenerCounters> listeners(Message beat) {
        try {
            return Heartbeat.decode(beat).listeners();
        } catch (MalformedMessageException malformed) {
            throw new AssertionError("the worker sent a malformed heartbeat: " + beat, malformed);
        }
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(worker.process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for the worker");
    }

    static byte[] readToEof(SocketChannel client, Duration timeout) throws IOException {
        client.socket().setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        var in = client.socket().getInputStream();
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            all.write(chunk, 0, n);
        }
        return all.toByteArray();
    }

    static void writeAll(SocketChannel client, byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
            client.write(buffer);
        }
    }
}
