package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.wire.Verb;

/** The proxy protocol in a real worker JVM, against upstreams the test runs on 127.0.0.1. */
class ProxyIT {
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final List<String> NAMES = List.of("px", "half", "rst", "down", "slow", "plog", "fwd", "deaf", "flood");
    private static SpawnedWorker worker;
    private static Upstream echo;
    private static Upstream half;
    private static Upstream reset;
    private static Upstream hole;
    private static Upstream deaf;
    private static Upstream flood;
    private static int downPort;
    private static Path dumpFile;

    @BeforeAll
    static void start() throws Exception {
        echo = Upstream.start(Upstream::echo);
        half = Upstream.start(Upstream::countThenAnswer);
        reset = Upstream.start(Upstream::resetAfterOneByte);
        hole = Upstream.blackHole();
        deaf = Upstream.start(Upstream::deaf);
        flood = Upstream.start(Upstream::flood);
        downPort = Upstream.closedPort();
        dumpFile = Files.createTempFile("proxy-dump", ".txt");
        worker = SpawnedWorker.start(2, List.of(
                proxy("px", echo.port(), Map.of("dump", "file", "dump-file", dumpFile.toString())),
                proxy("half", half.port(), Map.of()),
                proxy("rst", reset.port(), Map.of()),
                proxy("down", downPort, Map.of()),
                proxy("slow", hole.port(), Map.of("connect-timeout", "300")),
                proxy("plog", echo.port(), Map.of("dump", "log", "dump-format", "hex")),
                proxy("fwd", echo.port(), Map.of()),
                proxy("deaf", deaf.port(), Map.of()),
                proxy("flood", flood.port(), Map.of())),
                200, TestDefaults.CONNECTION_LIMITS, 0);
        worker.acceptControl(SHORT);
        worker.await(Verb.READY);
    }

    /** A proxy to {@code port} on loopback with the config's defaults for the options not in {@code options}. */
    static SpawnedWorker.Listen proxy(String name, int port, Map<String, String> options) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("upstream", "127.0.0.1:" + port,
                "connect-timeout", "5000", "dump", "off", "dump-format", "auto"));
        all.putAll(options);
        return SpawnedWorker.Listen.tcp("proxy", name).with(all);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        for (Upstream one : List.of(echo, half, reset, hole, deaf, flood)) {
            one.close();
        }
        Files.deleteIfExists(dumpFile);
    }

    private static int port(String name) {
        return worker.ports.get(NAMES.indexOf(name));
    }

    @Test
    void forwardsFourMebibytesBothWaysUnchanged() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(4).nextBytes(data);
        try (SocketChannel client = SpawnedWorker.connect(port("fwd"))) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    SmallServersIT.writeAll(client, data);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertArrayEquals(data, Loopback.readFully(client, data.length));
            writer.get(5, TimeUnit.SECONDS);
            client.shutdownOutput();
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "upstream's EOF comes through");
        }
        worker.await(m -> m.is(Verb.HEARTBEAT) && SmallServersIT.counters(m, "fwd").bytesOut() == 4 << 20
                && SmallServersIT.counters(m, "fwd").bytesIn() == 4 << 20
                && SmallServersIT.counters(m, "fwd").connections() == 0, SHORT);
    }

    /** An upstream that does not read stops the client's writes; the worker holds at most max-unsent. */
    @Test
    void aDeafUpstreamSlowsTheClientDown() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(port("deaf"))) {
            client.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            long stuckSince = System.nanoTime();
            while (System.nanoTime() - stuckSince < TimeUnit.MILLISECONDS.toNanos(500)) {
                int n = client.write(chunk.clear());
                if (n > 0) {
                    written += n;
                    stuckSince = System.nanoTime();
                    assertTrue(written < 64L << 20, "the proxy took " + written + " bytes from a deaf upstream's client");
                } else {
                    Thread.sleep(5);
                }
            }
            long taken = awaitSteadyIn("deaf");
            // What the worker read and did not hand to the kernel on the way to the upstream (the
            // worker's send queue to it, and the upstream's unread receive queue) is what it holds.
            long inKernel = kernelQueued("dport = :" + deaf.port(), 1) + kernelQueued("sport = :" + deaf.port(), 0);
            long held = taken - inKernel;
            System.out.println("proxy to a deaf upstream: client wrote " + written + " bytes before blocking;"
                    + " the worker read " + taken + ", of which the kernel holds " + inKernel + " on the way upstream"
                    + " and the worker " + held);
            assertTrue(held >= 0 && held <= TestDefaults.MAX_UNSENT,
                    "the worker holds " + held + " bytes for a deaf upstream (max-unsent " + TestDefaults.MAX_UNSENT + ")");
        }
    }

    /** A client that does not read stops the upstream's writes. */
    @Test
    void aClientThatDoesNotReadSlowsTheUpstreamDown() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(port("flood"))) {
            long sent = awaitSteadyOut("flood");
            long flooded = Upstream.FLOODED.get();
            System.out.println("proxy from a flooding upstream to a client not reading: upstream wrote " + flooded
                    + " bytes, the worker passed on " + sent);
            assertTrue(flooded < 64L << 20, "upstream wrote " + flooded);
            Loopback.readFully(client, 1 << 20);
            awaitOut("flood", sent + (1 << 20));
        }
    }

    /** The sum of one queue of {@code ss -Htn state established ( FILTER )}: column 0 Recv-Q, 1 Send-Q. */
    private static long kernelQueued(String filter, int column) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( " + filter + " )").start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ss.waitFor(10, TimeUnit.SECONDS) && ss.exitValue() == 0, "ss " + filter);
        long sum = 0;
        for (String line : out.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4) {
                sum += Long.parseLong(fields[column]);
            }
        }
        return sum;
    }

    private static long awaitSteadyIn(String name) throws InterruptedException {
        return awaitSteady(name, true);
    }

    private static long awaitSteadyOut(String name) throws InterruptedException {
        return awaitSteady(name, false);
    }

    /** A listener's bytes_in (or bytes_out) once three heartbeats in a row agree. */
    private static long awaitSteady(String name, boolean in) throws InterruptedException {
        long previous = -1;
        int same = 0;
        long deadline = System.nanoTime() + SHORT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            var counters = SmallServersIT.counters(worker.await(Verb.HEARTBEAT), name);
            long now = in ? counters.bytesIn() : counters.bytesOut();
            same = now == previous && now > 0 ? same + 1 : 0;
            if (same == 2) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("counters of " + name + " never settled");
    }

    private static void awaitOut(String name, long atLeast) throws InterruptedException {
        worker.await(m -> m.is(Verb.HEARTBEAT) && SmallServersIT.counters(m, name).bytesOut() >= atLeast, SHORT);
    }

    @Test
    void halfCloseGoesThroughAndTheAnswerComesBack() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(port("half"))) {
            SmallServersIT.writeAll(client, new byte[100_000]);
            client.shutdownOutput();
            String answer = new String(SmallServersIT.readToEof(client, SHORT), StandardCharsets.US_ASCII);
            assertEquals("got 100000\n", answer);
        }
    }

    @Test
    void upstreamResetResetsTheClient() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(port("rst"))) {
            SmallServersIT.writeAll(client, "x".getBytes(StandardCharsets.US_ASCII));
            client.socket().setSoTimeout((int) SHORT.toMillis());
            IOException error = assertThrows(IOException.class, () -> client.socket().getInputStream().read());
            assertTrue(error instanceof SocketException && error.getMessage().contains("reset"), error.toString());
        }
        worker.awaitOutput("on rst conn", SHORT);
        assertTrue(worker.awaitOutput("on rst conn", SHORT).contains("reset client"), worker.output());
    }

    @Test
    void upstreamDownClosesTheClientPromptlyAndSaysWhy() throws Exception {
        long start = System.nanoTime();
        try (SocketChannel client = SpawnedWorker.connect(port("down"))) {
            assertThrows(SocketException.class, () -> SmallServersIT.readToEof(client, SHORT));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 2000, "took " + millis + " ms");
        String line = worker.awaitOutput("proxy 'down' -> 127.0.0.1:" + downPort, SHORT);
        assertTrue(line.contains("connect failed: ConnectException: Connection refused - closing the client with RST"),
                line);
    }

    @Test
    void connectTimeoutClosesTheClient() throws Exception {
        long start = System.nanoTime();
        try (SocketChannel client = SpawnedWorker.connect(port("slow"))) {
            assertThrows(SocketException.class, () -> SmallServersIT.readToEof(client, SHORT));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 250 && millis < 3000, "closed after " + millis + " ms, connect-timeout is 300 ms");
        String line = worker.awaitOutput("proxy 'slow' -> 127.0.0.1:" + hole.port(), SHORT);
        assertTrue(line.contains("connect timed out after 300 ms"), line);
    }

    @Test
    void dumpFileHasBothDirectionsAsTextAndHex() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(port("px"))) {
            byte[] text = "hello proxy\r\n".getBytes(StandardCharsets.US_ASCII);
            SmallServersIT.writeAll(client, text);
            Loopback.readFully(client, text.length);
            byte[] binary = {0, 1, 2, (byte) 0xff, 'A'};
            SmallServersIT.writeAll(client, binary);
            Loopback.readFully(client, binary.length);
        }
        String dump = awaitFile(dumpFile, "s->c 5 bytes\n  0000  00 01 02 ff 41");
        assertTrue(dump.matches("(?s).*conn 2\\.\\d+ c->s 13 bytes\n  hello proxy\n.*"), dump);
        assertTrue(dump.matches("(?s).*conn 2\\.\\d+ s->c 13 bytes\n  hello proxy\n.*"), dump);
        assertTrue(dump.contains("c->s 5 bytes\n  0000  00 01 02 ff 41" + " ".repeat(34) + "  |....A|"), dump);
    }

    @Test
    void dumpToLogInHex() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(port("plog"))) {
            SmallServersIT.writeAll(client, "hi".getBytes(StandardCharsets.US_ASCII));
            Loopback.readFully(client, 2);
        }
        worker.awaitOutput("s->c 2 bytes", SHORT);
        assertTrue(worker.output().contains("c->s 2 bytes\n  0000  68 69"), worker.output());
    }

    static String awaitFile(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + SHORT.toNanos();
        String content = "";
        while (System.nanoTime() - deadline < 0) {
            content = Files.readString(file);
            if (content.contains(text)) {
                return content;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("dump file lacks '" + text + "':\n" + content);
    }

    @Test
    void aProxyWhoseUpstreamOptionIsMissingIsAFatalStartupErrorNamingIt() throws Exception {
        Map<String, String> options = new java.util.HashMap<>(proxy("nowhere", 1, Map.of()).options());
        options.remove("upstream");
        try (SpawnedWorker bad = SpawnedWorker.start(3, List.of(SpawnedWorker.Listen.tcp("proxy", "nowhere")
                .with(options)), 200, TestDefaults.CONNECTION_LIMITS, 0)) {
            // Refused while reading its arguments, before it reaches the control socket.
            assertEquals(ExitCodes.FATAL_CONFIG, bad.awaitExit(SHORT));
            assertTrue(bad.output().contains("bad worker arguments: listener 'nowhere' (proxy): option upstream is missing"),
                    bad.output());
        }
    }

    @Test
    void anUnknownOptionIsAFatalStartupError() throws Exception {
        try (SpawnedWorker bad = SpawnedWorker.start(3, List.of(SpawnedWorker.Listen.tcp("daytime", "d")
                .with(Map.of("colour", "blue"))), 200, TestDefaults.CONNECTION_LIMITS, 0)) {
            // Refused while reading its arguments, before it reaches the control socket.
            assertEquals(ExitCodes.FATAL_CONFIG, bad.awaitExit(SHORT));
            assertTrue(bad.output().contains("listener 'd' (daytime): option colour is unknown (known: access,"
                    + " max-connections-per-ip, connect-rate-per-ip, proxy-protocol)"), bad.output());
        }
    }

    @Test
    void anUpstreamThatDoesNotResolveIsAFatalStartupError() throws Exception {
        try (SpawnedWorker bad = SpawnedWorker.start(3, List.of(SpawnedWorker.Listen.tcp("proxy", "gone")
                .with(Map.of("upstream", "no-such-host.invalid:6379", "connect-timeout", "5000", "dump", "off",
                        "dump-format", "auto"))), 200, TestDefaults.CONNECTION_LIMITS, 0)) {
            bad.acceptControl(SHORT);
            assertEquals(ExitCodes.FATAL_CONFIG, bad.awaitExit(SHORT));
            assertTrue(bad.output().contains("listener 'gone' (proxy): upstream host 'no-such-host.invalid' does not"
                    + " resolve"), bad.output());
        }
    }
}
