package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile clients of the worker-level HostileClientsIT, all at once and through the real
 * master: clients that never read, slowloris trickles, resets in mid-stream, immediate half-closes,
 * connect-and-close, and one slow reader. Meanwhile a well-behaved client keeps echoing; it must
 * see every byte back, no worker may die, and the workers' memory stays bounded.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileMixIT {
    /**
     * Measured on loopback: before a worker stops reading from a never-reader, the kernel takes
     * about 3.3 MB of it (mostly the worker's autotuned send queue), and the worker then holds about
     * 25 KiB (what a 64 KiB read leaves after a short write). 300 of them took 1 GB of kernel memory,
     * close to tcp_mem's pressure mark on the shared machine; 150 keep the point at half that.
     */
    private static final int NEVER_READERS = 150;
    private static final long NEVER_READER_BYTES = 8L << 20;
    private static final int SLOWLORIS = 200;
    private static final int RESETTERS = 50;
    private static final int HALF_CLOSERS = 50;
    private static final int CONNECT_AND_CLOSE = 200;
    private static final long SLOW_READER_BYTES = 32L << 20;
    /** Never-readers each hold at most max-unsent (64 KiB) in a worker: under 10 MiB in all. */
    private static final long RSS_GROWTH_LIMIT = 64L << 20;
    /** Unsent echo the workers hold once the attack is in effect: a third of the ~25 KiB measured per never-reader. */
    private static final long HELD_IN_EFFECT = NEVER_READERS * 8L * 1024;

    @RegisterExtension
    final Masters masters = new Masters();
    private final List<Socket> held = new ArrayList<>();
    private final List<SocketChannel> heldChannels = new ArrayList<>();
    /**
     * Threads of our own: the blocking clients must not wait for a free thread of the common pool,
     * which has a single thread on 2 CPUs (the slow reader's writer then never ran on JDK 25).
     */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void closeClients() throws IOException {
        threads.shutdownNow();
        for (Socket s : held) {
            s.close();
        }
        for (SocketChannel c : heldChannels) {
            c.close();
        }
    }

    @Test
    void everyHostileKindAtOnceLeavesAWellBehavedClientServedAndMemoryBounded() throws Exception {
        MasterProcess master = masters.start();
        List<Long> workers = master.workerPids();
        long rssBefore = totalRss(workers);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong goodEchoes = new AtomicLong();
        CompletableFuture<Void> good = CompletableFuture.runAsync(() -> echoUntil(master.port, stop, goodEchoes), threads);
        CompletableFuture<Void> slowReader = CompletableFuture.runAsync(() -> readSlowly(master.port), threads);

        List<SocketChannel> neverReaders = openNeverReaders(master.port);
        CompletableFuture<Void> pump = CompletableFuture.runAsync(() -> pumpNeverReaders(neverReaders, stop), threads);
        List<Socket> trickling = openSlowloris(master.port);
        resetInMidStream(master.port);
        halfCloseAtOnce(master.port);
        connectAndClose(master.port);
        for (int round = 1; round <= 3; round++) {
            for (Socket s : trickling) {
                s.getOutputStream().write('a' + round);
            }
            Thread.sleep(1000);
        }
        for (Socket s : trickling) {
            assertArrayEquals("bcd".getBytes(), s.getInputStream().readNBytes(3), "a slowloris byte is echoed");
        }
        Attack attack = awaitAttackInEffect(master);
        long rssUnderAttack = totalRss(workers);

        slowReader.get(60, TimeUnit.SECONDS);
        stop.set(true);
        good.get(30, TimeUnit.SECONDS);
        pump.get(30, TimeUnit.SECONDS);

        System.out.printf("hostile mix: worker RSS %d -> %d KiB under attack (workers holding %d KiB of unsent echo,"
                        + " %d clients with unsent bytes), %d good echoes%n",
                rssBefore / 1024, rssUnderAttack / 1024, attack.heldBytes() / 1024, attack.blockedClients(), goodEchoes.get());
        assertTrue(goodEchoes.get() > 10, "the well-behaved client kept echoing: " + goodEchoes.get());
        assertEquals(workers, master.workerPids(), "no worker died or was replaced");
        assertTrue(rssUnderAttack - rssBefore < RSS_GROWTH_LIMIT,
                "worker RSS grew " + (rssUnderAttack - rssBefore) / 1024 + " KiB under attack");
        assertEquals(0, master.cli("status").code(), "the master still answers");
    }

    /** What the workers hold for the clients that do not read, and how many clients' sends are stuck. */
    record Attack(long heldBytes, int blockedClients) {
    }

    /**
     * Waits until the never-readers' backlog has reached the workers: at least {@link #NEVER_READERS}
     * clients whose sends are stuck in their own send queue (the workers stopped reading from
     * them) and the workers holding at least {@link #HELD_IN_EFFECT} bytes of echo they could not
     * send (bytes in minus bytes out, from the heartbeats).
     */
    private static Attack awaitAttackInEffect(MasterProcess master) {
        return Poll.until(Duration.ofSeconds(30), "the never-readers' backlog to reach the workers", () -> {
            List<JsonObject> workers = MasterProcess.workers(master.status());
            long held = workers.stream().mapToLong(w -> w.get("bytes_in").getAsLong() - w.get("bytes_out").getAsLong()).sum();
            if (held < HELD_IN_EFFECT) {
                return null;
            }
            int blocked = (int) SocketQueues.clientsOf(master.port).stream().filter(e -> e.sendQ() > 0).count();
            return blocked >= NEVER_READERS ? new Attack(held, blocked) : null;
        });
    }

    private void echoUntil(int port, AtomicBoolean stop, AtomicLong count) {
        long seed = 0;
        while (!stop.get()) {
            byte[] data = EchoClient.random(1 + (int) (seed * 7919 % 200_000), seed++);
            try {
                assertArrayEquals(data, EchoClient.echo(port, data), "echo " + seed);
            } catch (IOException failed) {
                throw new AssertionError("the well-behaved client failed on echo " + seed + ": " + failed, failed);
            }
            count.incrementAndGet();
        }
    }

    /** Sends 32 MiB but reads with a small window, so the worker must hold back, not buffer. */
    private void readSlowly(int port) {
        try (SocketChannel s = SocketChannel.open()) {
            s.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                ByteBuffer out = ByteBuffer.allocate(64 * 1024);
                try {
                    for (long sent = 0; sent < SLOW_READER_BYTES; sent += out.capacity()) {
                        out.clear();
                        while (out.hasRemaining()) {
                            s.write(out);
                        }
                    }
                } catch (IOException failed) {
                    throw new java.io.UncheckedIOException(failed);
                }
            }, threads);
            ByteBuffer in = ByteBuffer.allocate(8 * 1024);
            long received = 0;
            while (received < SLOW_READER_BYTES) {
                in.clear();
                int n = s.read(in);
                if (n < 0) {
                    throw new AssertionError("EOF after " + received + " bytes");
                }
                received += n;
            }
            writer.join();
        } catch (IOException failed) {
            throw new java.io.UncheckedIOException(failed);
        }
    }

    /** Clients with a small receive buffer that will never read; {@link #pumpNeverReaders} writes to them. */
    private List<SocketChannel> openNeverReaders(int port) throws IOException {
        List<SocketChannel> channels = new ArrayList<>();
        for (int i = 0; i < NEVER_READERS; i++) {
            SocketChannel c = SocketChannel.open();
            heldChannels.add(c);
            channels.add(c);
            c.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            c.configureBlocking(false);
        }
        return channels;
    }

    /**
     * Writes to each never-reader whenever its socket takes more, up to {@link #NEVER_READER_BYTES}
     * each, until {@code stop}: their echo backs up through the kernel into the workers, which then
     * stop reading from them (one write of 1 MiB, as before, never got past the kernel's buffers).
     */
    private static void pumpNeverReaders(List<SocketChannel> channels, AtomicBoolean stop) {
        try (Selector selector = Selector.open()) {
            for (SocketChannel c : channels) {
                c.register(selector, SelectionKey.OP_WRITE, new long[1]);
            }
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            while (!stop.get() && !selector.keys().isEmpty()) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    long[] sent = (long[]) key.attachment();
                    sent[0] += ((SocketChannel) key.channel()).write(chunk.clear());
                    if (sent[0] >= NEVER_READER_BYTES) {
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException failed) {
            throw new java.io.UncheckedIOException(failed);
        }
    }

    private List<Socket> openSlowloris(int port) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < SLOWLORIS; i++) {
            Socket s = connect(port);
            held.add(s);
            sockets.add(s);
        }
        return sockets;
    }

    /** Writes 100 KB and closes with SO_LINGER 0, which sends RST instead of FIN. */
    private static void resetInMidStream(int port) throws IOException {
        for (int i = 0; i < RESETTERS; i++) {
            try (Socket s = connect(port)) {
                s.getOutputStream().write(new byte[100_000]);
                s.setSoLinger(true, 0);
            }
        }
    }

    /** Sends a few bytes, half-closes at once, and must still get them back, then EOF. */
    private static void halfCloseAtOnce(int port) throws IOException {
        for (int i = 0; i < HALF_CLOSERS; i++) {
            try (Socket s = connect(port)) {
                s.getOutputStream().write("bye".getBytes());
                s.shutdownOutput();
                assertArrayEquals("bye".getBytes(), s.getInputStream().readAllBytes(), "half-closed echo then EOF");
            }
        }
    }

    private static void connectAndClose(int port) throws IOException {
        for (int i = 0; i < CONNECT_AND_CLOSE; i++) {
            connect(port).close();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(EchoClient.READ_TIMEOUT_MILLIS);
        return s;
    }

    /** Sum of the workers' VmRSS, from /proc/PID/status, in bytes. */
    private static long totalRss(List<Long> pids) throws IOException {
        long total = 0;
        for (long pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    total += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        }
        return total;
    }
}
