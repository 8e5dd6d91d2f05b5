package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random, mutated, oversized and truncated input on the control socket, one line at a time with its
 * reply read before the next (README, Control protocol): a well-formed request gets its reply (OK, or
 * {@code ERROR message=unknown request VERB}) and the connection stays open; a malformed line gets
 * {@code ERROR message=malformed message: ...} and then the close; a peer that reads none of its
 * replies is dropped. Meanwhile the master's RSS and descriptors stay bounded, and afterwards it
 * serves as before. Verbs that would legitimately stop or reshape the server (STOP, SCALE, RELOAD,
 * UPGRADE) are kept out of the generated lines.
 */
class ControlFuzzIT {
    /** Replies read, i.e. lines the master was shown to have taken, not lines generated. */
    private static final int DELIVERED = 10_000;
    private static final int PER_CONNECTION = 200;
    /**
     * Measured over the whole run: 4-9 MiB with a reader and a writer thread per connection (~2,000
     * short-lived threads); 2.4 MiB with one control thread (61632 -> 64068 KiB).
     */
    private static final long RSS_GROWTH_LIMIT_KIB = 32 * 1024;
    private static final int FD_MARGIN = 4;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> SEEDS = List.of(
            "STATUS", "REOPEN", "HELLO slot=1 generation=1 pid=1", "READY", "HEARTBEAT connections=1 bytes_in=5",
            "DRAINING connections=2", "QUIT timeout_ms=5", "TERMINATE", "OK", "ERROR message=x", "NOPE a=b");
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fuzz-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    @RegisterExtension
    final Masters masters = new Masters();
    private int delivered;
    private int malformed;

    @AfterAll
    static void stopWatchdog() {
        WATCHDOG.shutdownNow();
    }

    @Test
    void everyLineGetsItsReplyAMalformedOneItsErrorAndTheCloseAndTheMasterStaysBounded() throws Exception {
        MasterProcess master = masters.start();
        List<Long> workersBefore = master.workerPids();
        Random random = new Random(862);
        fuzzOneConnection(master, random); // warm-up: the baseline is taken with the reply paths loaded
        long rssBefore = rssKib(master.pid());
        long fdsBefore = fds(master.pid());

        while (delivered < DELIVERED) {
            fuzzOneConnection(master, random);
        }
        oversizedLine(master);
        unreadReplies(master);

        System.out.printf("control fuzz: %d lines delivered (each reply read), %d malformed (error, then closed);"
                + " master RSS %d -> %d KiB, fds %d -> %d%n", delivered, malformed, rssBefore, rssKib(master.pid()),
                fdsBefore, fds(master.pid()));
        assertTrue(malformed > 100, "malformed lines among the delivered ones: " + malformed);
        Poll.until(REPLY_TIMEOUT, "the master's fds back within " + FD_MARGIN + " of " + fdsBefore,
                () -> fds(master.pid()) <= fdsBefore + FD_MARGIN);
        long rssAfter = rssKib(master.pid());
        assertTrue(rssAfter - rssBefore <= RSS_GROWTH_LIMIT_KIB, "master RSS " + rssBefore + " -> " + rssAfter + " KiB");
        assertEquals(workersBefore, master.workerPids(), "worker pids after the fuzzing");
        assertEquals(0, master.cli("status").code(), "status command exit code");
        byte[] data = EchoClient.random(10_000, 7);
        assertArrayEquals(data, EchoClient.echo(master.port, data), "echo after the fuzzing");
    }

    /**
     * Up to {@link #PER_CONNECTION} lines on one connection, each reply read before the next line;
     * after a malformed line (or a HELLO the master refuses) the master must close. Half the
     * connections that get that far end with a line cut short.
     */
    private void fuzzOneConnection(MasterProcess master, Random random) throws IOException {
        try (Peer peer = new Peer(master.controlSocket)) {
            for (int i = 0; i < PER_CONNECTION; i++) {
                String line = line(random);
                peer.write(line + "\n");
                String reply = peer.readLine();
                assertNotNull(reply, "the master closed without a reply to " + quoted(line));
                delivered++;
                if (expectClose(line, reply)) {
                    assertNull(peer.readLine(), "after " + quoted(reply) + " the master closes");
                    return;
                }
            }
            if (random.nextBoolean()) {
                peer.write("STATUS truncated=");
            }
        }
    }

    /** Checks {@code reply} against {@code line}; true when the master must close the connection next. */
    private boolean expectClose(String line, String reply) {
        String verb = line.split(" ", 2)[0];
        boolean verbIsWellFormed = verb.matches("[A-Z][A-Z0-9_]{0,31}");
        if (reply.startsWith("ERROR message=")) {
            String message = URLDecoder.decode(reply.substring("ERROR message=".length()), StandardCharsets.UTF_8);
            if (message.startsWith("malformed message: ")) {
                malformed++;
                return true;
            }
            assertTrue(verbIsWellFormed, "a line whose verb is not A-Z... is malformed: " + quoted(line) + " got " + quoted(reply));
            if (verb.equals("HELLO")) {
                assertTrue(message.startsWith("unknown worker pid "), quoted(line) + " got " + quoted(reply));
                return true;
            }
            assertEquals("unknown request " + verb, message, "reply to " + quoted(line));
            return false;
        }
        assertTrue(verbIsWellFormed, "a line whose verb is not A-Z... is malformed: " + quoted(line) + " got " + quoted(reply));
        assertTrue(reply.startsWith("OK") && (verb.equals("STATUS") || verb.equals("REOPEN")),
                "reply to " + quoted(line) + ": " + quoted(reply));
        return false;
    }

    private static String line(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return randomBytes(random);
        }
        if (kind <= 3) {
            return mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
        }
        return kind <= 6 ? SEEDS.get(random.nextInt(SEEDS.size())) : "STATUS";
    }

    private static String randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(80)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1).replace('\n', ' ');
    }

    private static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        for (int i = random.nextInt(4); i >= 0; i--) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, (char) (32 + random.nextInt(95)));
                case 1 -> text.insert(at, "%" + Integer.toHexString(random.nextInt(256)));
                default -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
            }
        }
        String result = text.toString();
        return result.startsWith("STOP") || result.startsWith("SCALE") || result.startsWith("RELOAD")
                || result.startsWith("UPGRADE") ? "NOPE" : result;
    }

    /** A line far over the 64 KiB limit: the error reply, then the close, not a buffered megabyte. */
    private void oversizedLine(MasterProcess master) throws IOException {
        try (Peer peer = new Peer(master.controlSocket)) {
            try {
                peer.write("STATUS x=" + "a".repeat(1 << 20));
            } catch (IOException closedByMaster) {
                // EPIPE once the master has closed: its reply is still ours to read
            }
            assertEquals("ERROR message=malformed+message%3A+line+longer+than+65536+bytes", peer.readLine());
            assertNull(peer.readLine(), "the master closes after the oversized line");
        }
    }

    /** Many requests whose replies are never read: the master keeps answering others and drops this peer. */
    private static void unreadReplies(MasterProcess master) throws IOException {
        try (Peer peer = new Peer(master.controlSocket)) {
            peer.write("STATUS\n".repeat(2000));
            Poll.until(REPLY_TIMEOUT, "the master to give up on a peer that reads no replies",
                    () -> master.log().contains("closing control connection: 64 replies unread"));
            assertTrue(master.status().has("master"), "status answers while another peer ignores its replies");
            int replies = 0;
            while (peer.readLine() != null) {
                replies++;
            }
            assertTrue(replies < 2000, "replies before the master closed: " + replies);
        }
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS for pid " + pid);
    }

    private static long fds(long pid) {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return entries.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quoted(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
    }

    /**
     * One control connection, blocking; a read that gets no line within {@link #REPLY_TIMEOUT}
     * fails the test (a Unix channel has no read timeout, so a watchdog closes it).
     */
    private static final class Peer implements AutoCloseable {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
        private final StringBuilder line = new StringBuilder();

        Peer(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        }

        void write(String text) throws IOException {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::closeQuietly, REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } finally {
                watchdog.cancel(false);
            }
        }

        /** The next line without its newline; null at EOF or when the master resets the connection. */
        String readLine() {
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::closeQuietly, REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try {
                while (true) {
                    while (in.hasRemaining()) {
                        char c = (char) in.get();
                        if (c == '\n') {
                            String complete = line.toString();
                            line.setLength(0);
                            return complete;
                        }
                        line.append(c);
                    }
                    if (channel.read(in.clear()) < 0) {
                        return null;
                    }
                    in.flip();
                }
            } catch (java.nio.channels.ClosedChannelException timedOut) {
                return fail("no reply nor close within " + REPLY_TIMEOUT.toMillis() + " ms");
            } catch (IOException reset) {
                return null; // ECONNRESET: the master closed with our unread bytes in its queue
            } finally {
                watchdog.cancel(false);
            }
        }

        private void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }
}
