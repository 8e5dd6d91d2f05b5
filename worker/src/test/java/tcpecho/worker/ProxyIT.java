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
import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.wire.Verb;

/** The proxy protocol in a real worker JVM, against upstreams the test runs on 127.0.0.1. */
class ProxyIT {
    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final List<String> NAMES = List.of("px", "half", "rst", "down", "slow", "plog", "fwd");
    private static SpawnedWorker worker;
    private static Upstream echo;
    private static Upstream half;
    private static Upstream reset;
    private static Upstream hole;
    private static int downPort;
    private static Path dumpFile;

    @BeforeAll
    static void start() throws Exception {
        echo = Upstream.start(Upstream::echo);
        half = Upstream.start(Upstream::countThenAnswer);
        reset = Upstream.start(Upstream::resetAfterOneByte);
        hole = Upstream.blackHole();
        downPort = Upstream.closedPort();
        dumpFile = Files.createTempFile("proxy-dump", ".txt");
        worker = SpawnedWorker.start(2, List.of(
                proxy("px", echo.port(), Map.of("dump", "file", "dump-file", dumpFile.toString())),
                proxy("half", half.port(), Map.of()),
                proxy("rst", reset.port(), Map.of()),
                proxy("down", downPort, Map.of()),
                proxy("slow", hole.port(), Map.of("connect-timeout", "300")),
                proxy("plog", echo.port(), Map.of("dump", "log", "dump-format", "hex")),
                proxy("fwd", echo.port(), Map.of())),
                200, ConnectionLimits.DEFAULTS, 0);
        worker.acceptControl(SHORT);
        worker.await(Verb.READY);
    }

    private static SpawnedWorker.Listen proxy(String name, int port, Map<String, String> options) {
        Map<String, String> all = new java.util.HashMap<>(options);
        all.put("upstream", "127.0.0.1:" + port);
        return SpawnedWorker.Listen.tcp("proxy", name).with(all);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        for (Upstream one : List.of(echo, half, reset, hole)) {
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

    private static String awaitFile(Path file, String text) throws Exception {
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
    void aProxyWithoutUpstreamIsAFatalStartupError() throws Exception {
        try (SpawnedWorker bad = SpawnedWorker.start(3, List.of(SpawnedWorker.Listen.tcp("proxy", "nowhere")),
                200, ConnectionLimits.DEFAULTS, 0)) {
            bad.acceptControl(SHORT);
            assertEquals(ExitCodes.FATAL_CONFIG, bad.awaitExit(SHORT));
            assertTrue(bad.output().contains("listener 'nowhere' (proxy): option upstream is required (host:port)"),
                    bad.output());
        }
    }

    @Test
    void anUnknownOptionIsAFatalStartupError() throws Exception {
        try (SpawnedWorker bad = SpawnedWorker.start(3, List.of(SpawnedWorker.Listen.tcp("daytime", "d")
                .with(Map.of("colour", "blue"))), 200, ConnectionLimits.DEFAULTS, 0)) {
            bad.acceptControl(SHORT);
            assertEquals(ExitCodes.FATAL_CONFIG, bad.awaitExit(SHORT));
            assertTrue(bad.output().contains("listener 'd' (daytime): option colour is unknown; daytime takes no options"),
                    bad.output());
        }
    }
}
