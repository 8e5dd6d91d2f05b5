package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tcpecho.common.wire.Verb;

/**
 * A client that resets while the proxy is still connecting to a slow upstream is let go at
 * once, upstream attempt included, instead of at connect-timeout; one that speaks first, or
 * half-closes, keeps what it said and its EOF for the upstream. The slow upstream is a listener whose accept queue is full: Linux drops the SYN and
 * retries it after 1 s, 3 s, ...
 */
class ProxyClientGoneIT {
    private static final Duration SHORT = Duration.ofSeconds(10);
    /** Far above what the tests allow for a hang-up to be noticed, so only the fix can pass them. */
    private static final String CONNECT_TIMEOUT = "20000";
    private static SpawnedWorker worker;
    private static Upstream hole;
    private static SlowUpstream late;
    /** A second one: a slow upstream admits once. */
    private static SlowUpstream quiet;

    @BeforeAll
    static void start() throws Exception {
        hole = Upstream.blackHole();
        late = SlowUpstream.open();
        quiet = SlowUpstream.open();
        worker = SpawnedWorker.start(5, List.of(
                ProxyIT.proxy("hang", hole.port(), Map.of("connect-timeout", CONNECT_TIMEOUT)),
                ProxyIT.proxy("late", late.port(), Map.of("connect-timeout", CONNECT_TIMEOUT)),
                ProxyIT.proxy("quiet", quiet.port(), Map.of("connect-timeout", CONNECT_TIMEOUT))),
                200, TestDefaults.CONNECTION_LIMITS, 0);
        worker.acceptControl(SHORT);
        worker.await(Verb.READY);
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        hole.close();
        late.close();
        quiet.close();
    }

    /**
     * EOF during the connect is a half-close to pass on, not a hang-up: a client of a
     * server-speaks-first protocol may have nothing to say. The proxy's SYN is next retried 1 s
     * after its first, so the client's EOF reaches the worker well before the upstream does.
     */
    @Test
    void aClientThatHalfClosesBeforeSayingAnythingStillGetsTheUpstreamsAnswer() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(worker.ports.get(2))) {
            awaitUpstreamSockets(quiet.port(), 1);
            client.shutdownOutput();
            try (SocketChannel upstream = quiet.admit(SHORT)) {
                assertEquals(0, SmallServersIT.readToEof(upstream, SHORT).length, "the upstream gets the EOF, no bytes");
                SmallServersIT.writeAll(upstream, "banner\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals("banner\n", new String(SmallServersIT.readToEof(client, SHORT), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aClientResettingDuringTheConnectIsLetGoAtOnce() throws Exception {
        SocketChannel client = SpawnedWorker.connect(worker.ports.get(0));
        awaitUpstreamSockets(hole.port(), 1);
        long start = System.nanoTime();
        client.socket().setSoLinger(true, 0);
        client.close();
        awaitLetGo(start, "client SocketException: Connection reset, connect cancelled");
    }

    /** The listener's connection count and the worker's socket to the upstream both go, well before connect-timeout. */
    private static void awaitLetGo(long closedAt, String reason) throws Exception {
        worker.await(m -> m.is(Verb.HEARTBEAT) && SmallServersIT.counters(m, "hang").connections() == 0, SHORT);
        awaitUpstreamSockets(hole.port(), 0);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt);
        System.out.println("proxy: client gone during a slow upstream connect, let go after " + millis + " ms"
                + " (connect-timeout " + CONNECT_TIMEOUT + " ms)");
        assertTrue(millis < 2000, "let go after " + millis + " ms");
        String line = worker.awaitOutput(reason, SHORT);
        assertTrue(line.contains("connection closed ") && line.contains(" on hang conn 5."), line);
    }

    /** What a client sends and its half-close, both during the connect, reach the upstream once it answers. */
    @Test
    void whatTheClientSaysDuringTheConnectReachesTheUpstream() throws Exception {
        try (SocketChannel client = SpawnedWorker.connect(worker.ports.get(1))) {
            SmallServersIT.writeAll(client, "hello\n".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            worker.await(m -> m.is(Verb.HEARTBEAT) && SmallServersIT.counters(m, "late").bytesIn() == 6, SHORT);
            awaitUpstreamSockets(late.port(), 1);
            try (SocketChannel upstream = late.admit(SHORT)) {
                assertEquals("hello\n", new String(SmallServersIT.readToEof(upstream, SHORT), StandardCharsets.US_ASCII),
                        () -> "upstream side " + describe(upstream) + "; worker output:\n" + worker.output());
                SmallServersIT.writeAll(upstream, "bye\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals("bye\n", new String(SmallServersIT.readToEof(client, SHORT), StandardCharsets.US_ASCII));
        }
    }

    private static String describe(SocketChannel channel) {
        try {
            return channel.getLocalAddress() + " <- " + channel.getRemoteAddress();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Waits until the worker holds exactly {@code count} TCP sockets whose peer is 127.0.0.1:{@code port}. */
    private static void awaitUpstreamSockets(int port, int count) throws Exception {
        long deadline = System.nanoTime() + SHORT.toNanos();
        int now = -1;
        while (System.nanoTime() - deadline < 0) {
            now = socketsTo(worker.process.pid(), port);
            if (now == count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the worker holds " + now + " socket(s) to port " + port + ", not " + count
                + "; output:\n" + worker.output());
    }

    /** The process's sockets (by inode, from /proc/PID/fd) that /proc/net/tcp(6) lists with {@code port} as the remote port. */
    static int socketsTo(long pid, int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // not a socket of ours any more
                }
            }
        }
        String remotePort = String.format(":%04X", port);
        int count = 0;
        // The JDK opens AF_INET6 sockets where it can: a connect to 127.0.0.1 is then listed in tcp6.
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[2].endsWith(remotePort) && inodes.contains(f[9])) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * An upstream that answers only when told: its accept queue is kept full until {@link #admit},
     * which empties it so that the proxy's next SYN retry gets in, and returns the proxy's connection.
     */
    private static final class SlowUpstream implements AutoCloseable {
        private final ServerSocketChannel listener;
        private final List<SocketChannel> fillers = new ArrayList<>();

        private SlowUpstream(ServerSocketChannel listener) {
            this.listener = listener;
        }

        static SlowUpstream open() throws IOException {
            ServerSocketChannel listener = ServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            SlowUpstream slow = new SlowUpstream(listener);
            for (int i = 0; i < 4; i++) {
                SocketChannel filler = SocketChannel.open();
                filler.configureBlocking(false);
                // Bound first: a socket whose connect is pending does not tell its local address.
                filler.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                filler.connect(listener.getLocalAddress());
                slow.fillers.add(filler);
            }
            return slow;
        }

        int port() {
            return listener.socket().getLocalPort();
        }

        /** Lets the queue drain and returns the first connection that is not a filler's. */
        SocketChannel admit(Duration timeout) throws Exception {
            Set<SocketAddress> filled = new HashSet<>();
            for (SocketChannel filler : fillers) {
                filled.add(filler.getLocalAddress());
                filler.close();
            }
            listener.configureBlocking(false);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                SocketChannel next = listener.accept();
                if (next == null) {
                    Thread.sleep(10);
                } else if (filled.contains(next.getRemoteAddress())) {
                    next.close();
                } else {
                    next.configureBlocking(true);
                    return next;
                }
            }
            throw new AssertionError("the proxy's connect never came in");
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel filler : fillers) {
                filler.close();
            }
            listener.close();
        }
    }
}
