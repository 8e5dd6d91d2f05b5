package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/** A proxy's dump-file across log rotation: REOPEN (and USR1, the same code) reopens it by name. */
class ProxyDumpReopenIT {
    private static final Duration SHORT = Duration.ofSeconds(10);
    /** 12 bytes, one write each: with one ping in flight at a time, each is one c->s chunk. */
    private static final int PING = 12;
    private static final Pattern HEADER = Pattern.compile("(?m)^conn \\S+ (c->s|s->c) (\\d+) bytes$");
    private static SpawnedWorker worker;
    private static Upstream echo;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        echo = Upstream.start(Upstream::echo);
        dir = Files.createTempDirectory("proxy-dumps");
        worker = SpawnedWorker.start(4, List.of(
                ProxyIT.proxy("rot", echo.port(), Map.of("dump", "file", "dump-file", dump("rot").toString())),
                ProxyIT.proxy("stuck", echo.port(), Map.of("dump", "file", "dump-file", dump("stuck").toString()))),
                200, TestDefaults.CONNECTION_LIMITS, 0);
        worker.acceptControl(SHORT);
        worker.await(Verb.READY);
    }

    private static Path dump(String listener) {
        return dir.resolve(listener + ".dump");
    }

    @AfterAll
    static void stop() throws Exception {
        worker.close();
        echo.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void reopenMovesTheDumpToTheNewFileAndLosesNoChunk() throws Exception {
        Path current = dump("rot");
        Path rotated = dir.resolve("rot.dump.1");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger pings = new AtomicInteger();
        try (SocketChannel client = SpawnedWorker.connect(worker.ports.get(0))) {
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> pingUntil(client, stop, pings));
            ProxyIT.awaitFile(current, "s->c");
            Files.move(current, rotated);
            worker.send(Message.of(Verb.REOPEN));
            worker.awaitOutput("listener 'rot': dump-file " + current + " reopened", SHORT);
            ProxyIT.awaitFile(current, "s->c");
            stop.set(true);
            traffic.get(SHORT.toSeconds(), TimeUnit.SECONDS);
        }
        long sent = (long) pings.get() * PING;
        long[] before = awaitChunks(rotated, current, sent);
        long[] after = chunks(Files.readString(current));
        System.out.println("dump across REOPEN: " + pings.get() + " pings; c->s chunks " + before[0] + " in the renamed file + "
                + after[0] + " in the new one");
        assertEquals(pings.get(), before[0] + after[0], "one c->s chunk per ping, in one file or the other");
        assertTrue(before[0] > 0 && after[0] > 0, "chunks on both sides of the reopen");
    }

    @Test
    void aFailedReopenIsLoggedAndTheDumpGoesOnToTheOldFile() throws Exception {
        Path current = dump("stuck");
        Path rotated = dir.resolve("stuck.dump.1");
        try (SocketChannel client = SpawnedWorker.connect(worker.ports.get(1))) {
            ping(client, 0);
            ProxyIT.awaitFile(current, "s->c");
            Files.move(current, rotated);
            Files.createDirectory(current);
            worker.send(Message.of(Verb.REOPEN));
            String line = worker.awaitOutput("listener 'stuck': reopen of dump-file " + current + " failed:", SHORT);
            assertTrue(line.contains("FileNotFoundException: " + current + " (Is a directory)"
                    + " - still writing to the file opened before"), line);
            ping(client, 1);
        }
        awaitChunks(rotated, null, 2 * PING);
        Files.delete(current);
    }

    private static void pingUntil(SocketChannel client, AtomicBoolean stop, AtomicInteger pings) {
        try {
            while (!stop.get()) {
                ping(client, pings.get());
                pings.incrementAndGet();
            }
        } catch (IOException e) {
            throw new IllegalStateException("ping " + pings.get() + " failed", e);
        }
    }

    private static void ping(SocketChannel client, int n) throws IOException {
        byte[] ping = String.format("ping %06d%n", n).getBytes(StandardCharsets.US_ASCII);
        SmallServersIT.writeAll(client, ping);
        Loopback.readFully(client, ping.length);
    }

    /** Waits until both files together hold {@code bytes} each way; returns the first file's {c->s chunks, ...}. */
    private static long[] awaitChunks(Path first, Path second, long bytes) throws Exception {
        long deadline = System.nanoTime() + SHORT.toNanos();
        String text = "";
        while (System.nanoTime() - deadline < 0) {
            text = Files.readString(first);
            long[] a = chunks(text);
            long[] b = second == null ? new long[4] : chunks(Files.readString(second));
            if (a[1] + b[1] == bytes && a[3] + b[3] == bytes) {
                return a;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("dump files lack chunks for " + bytes + " bytes each way; " + first + ":\n" + text);
    }

    /** {c->s chunks, c->s bytes, s->c chunks, s->c bytes} from the chunk headers of a dump. */
    private static long[] chunks(String dump) {
        long[] counts = new long[4];
        Matcher header = HEADER.matcher(dump);
        while (header.find()) {
            int at = header.group(1).equals("c->s") ? 0 : 2;
            counts[at]++;
            counts[at + 1] += Long.parseLong(header.group(2));
        }
        return counts;
    }
}
