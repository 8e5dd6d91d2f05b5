package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcpecho.common.wire.Verb;

/**
 * Broken and hostile clients against one real worker JVM; after each, a well-behaved client is
 * still echoed byte-exact. Worker memory is read from /proc/PID/status (VmRSS).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileClientsIT {
    private static final long MIB = 1 << 20;
    private SpawnedWorker worker;

    @BeforeEach
    void start() throws Exception {
        worker = SpawnedWorker.start(1, "socket", 200);
        worker.acceptControl(Duration.ofSeconds(10));
        worker.await(Verb.READY);
    }

    @AfterEach
    void stop() throws IOException {
        worker.close();
    }

    @Test
    void everyByteValueAndEveryWriteSizeFromOneByteToOneMebibyteEchoExactly() throws Exception {
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        try (Socket s = client()) {
            assertEchoes(s, all);
            Random random = new Random(42);
            for (int size = 1; size <= MIB; size *= 2) {
                for (int n : new int[] {size - 1, size, size + 1}) {
                    if (n > 0 && n <= MIB) {
                        byte[] data = new byte[n];
                        random.nextBytes(data);
                        assertEchoes(s, data);
                    }
                }
            }
        }
    }

    @Test
    void oneGibibyteReadBackSlowlyKeepsWorkerRssFlat() throws Exception {
        long total = 1024 * MIB;
        try (SocketChannel s = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), worker.port))) {
            s.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeCounting(s, total));
            ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
            long read = 0;
            long expected = 0;
            List<Long> rss = new ArrayList<>();
            long nextSample = 0;
            while (read < total) {
                int n = s.read(in.clear());
                assertTrue(n > 0, "echo ended early at " + read);
                in.flip();
                while (in.hasRemaining()) {
                    assertEquals((byte) expected++, in.get(), "byte " + (expected - 1));
                }
                read += n;
                if (read >= nextSample) {
                    rss.add(rssKib());
                    nextSample += 64 * MIB;
                }
            }
            writer.get(10, TimeUnit.SECONDS);
            // The first sample is before the data path warmed up (buffers, JIT); flat means afterwards.
            List<Long> warm = rss.subList(2, rss.size());
            long spread = warm.stream().max(Long::compare).orElseThrow() - warm.stream().min(Long::compare).orElseThrow();
            System.out.println("1 GiB slow reader: worker VmRSS KiB per 64 MiB echoed: " + rss);
            assertTrue(spread < 10 * 1024, "worker RSS moved " + spread + " KiB: " + rss);
        }
    }

    @Test
    void thousandClientsThatSendAndNeverReadAreBoundedAndOthersAreServed() throws Exception {
        long before = rssKib();
        List<SocketChannel> hogs = new ArrayList<>();
        try {
            ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
            for (int i = 0; i < 1000; i++) {
                SocketChannel hog = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), worker.port));
                hog.configureBlocking(false);
                hogs.add(hog);
                hog.write(chunk.clear());
            }
            worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", 0) == 1000, Duration.ofSeconds(20));
            try (Socket s = client()) {
                assertEchoes(s, "still echoed".getBytes());
            }
            long after = rssKib();
            System.out.println("1000 non-reading clients: worker VmRSS " + before + " -> " + after + " KiB");
            // -Xmx32m and a pending budget of a quarter of it bound the heap; kernel socket buffers are not RSS.
            assertTrue(after - before < 64 * 1024, "worker RSS grew " + (after - before) + " KiB");
        } finally {
            for (SocketChannel hog : hogs) {
                hog.close();
            }
        }
        worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", -1) == 0, Duration.ofSeconds(20));
    }

    @Test
    void resetsMidStreamHalfClosesAndConnectCloseStormsLeaveOthersServed() throws Exception {
        try (Socket bystander = client()) {
            for (int i = 0; i < 50; i++) {
                try (Socket s = client()) {
                    s.getOutputStream().write(new byte[100_000]);
                    s.setSoLinger(true, 0);
                }
            }
            assertEchoes(bystander, "after resets".getBytes());

            try (Socket s = client()) {
                s.shutdownOutput();
                assertEquals(-1, s.getInputStream().read(), "immediate half-close gets FIN back");
            }
            try (Socket s = client()) {
                byte[] data = new byte[300_000];
                new Random(7).nextBytes(data);
                s.getOutputStream().write(data);
                s.shutdownOutput();
                assertArrayEquals(data, s.getInputStream().readAllBytes(), "half-close after data echoes it all");
            }
            for (int i = 0; i < 2000; i++) {
                client().close();
            }
            assertEchoes(bystander, "after storm".getBytes());
            worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", -1) == 1, Duration.ofSeconds(20));
            assertEchoes(bystander, "end".getBytes());
        }
        assertTrue(worker.process.isAlive(), worker.output());
    }

    /** Slowloris: 2,000 connections trickling a byte every 2 s are all echoed, and a bystander is served. */
    @Test
    void twoThousandTricklingConnectionsAreServedAndOthersToo() throws Exception {
        List<SocketChannel> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) {
                slow.add(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), worker.port)));
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            for (int round = 0; round < 3; round++) {
                for (SocketChannel s : slow) {
                    s.write(one.clear().put(0, (byte) round));
                }
                for (SocketChannel s : slow) {
                    one.clear();
                    assertEquals(1, s.read(one), "trickled byte echoed");
                    assertEquals((byte) round, one.get(0));
                }
                try (Socket s = client()) {
                    assertEchoes(s, ("bystander " + round).getBytes());
                }
                Thread.sleep(2000);
            }
        } finally {
            for (SocketChannel s : slow) {
                s.close();
            }
        }
    }

    private Socket client() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), worker.port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void assertEchoes(Socket s, byte[] data) throws Exception {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                out.write(data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertArrayEquals(data, in.readNBytes(data.length), data.length + " bytes");
        write.get(10, TimeUnit.SECONDS);
    }

    private static void writeCounting(SocketChannel s, long total) {
        ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        long written = 0;
        try {
            while (written < total) {
                out.clear();
                long start = written;
                while (out.hasRemaining() && start + out.position() < total) {
                    out.put((byte) (start + out.position()));
                }
                out.flip();
                while (out.hasRemaining()) {
                    written += s.write(out);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(worker.process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for worker pid " + worker.process.pid());
    }
}
