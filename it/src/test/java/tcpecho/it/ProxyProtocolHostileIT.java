package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The attacks a {@code proxy-protocol} listener invites, from a trusted address (an untrusted one
 * never gets a byte read): many connections sending a header one byte at a time, and v2 headers that
 * claim 65,535 bytes. Each must cost its connection, bounded in time and memory, while a well-behaved
 * client keeps being served.
 */
class ProxyProtocolHostileIT {
    private static final byte[] HEADER = "PROXY TCP4 203.0.113.7 10.0.0.1 5123 7\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SLOW = 300;
    private static final long TIMEOUT_MILLIS = 1000;

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void slowHeadersAreCutAtTheTimeoutAndOversizedOnesAtTheirSixteenthByte() throws Exception {
        MasterProcess master = masters.create();
        master.start("-c", ListenersIT.writeConfig(master, ProxyProtocolIT.listener("pp", master.port,
                "proxy-protocol-timeout = \"" + TIMEOUT_MILLIS + "ms\"\n")).toString());
        long rssBefore = largestWorkerRss(master);

        // 300 connections, one header byte each every 100 ms: a whole header would take 4 s.
        List<Slow> slow = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            slow.add(new Slow(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), master.port))));
        }
        long goodEchoes = 0;
        long slowestGoodMillis = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (slow.stream().anyMatch(s -> s.closedAfterMillis < 0) && System.nanoTime() < deadline) {
            for (Slow s : slow) {
                s.drip();
            }
            long start = System.nanoTime();
            assertArrayEquals(HEADER, ProxyClient.echo("127.0.0.1", master.port, HEADER, HEADER), "the good client");
            slowestGoodMillis = Math.max(slowestGoodMillis, (System.nanoTime() - start) / 1_000_000);
            goodEchoes++;
            Thread.sleep(100);
        }
        long longest = 0;
        for (Slow s : slow) {
            assertTrue(s.closedAfterMillis >= 0, "a slow connection still open after 10 s, " + s.sent + " bytes sent");
            assertTrue(s.sent < HEADER.length, "a slow connection sent its whole header");
            longest = Math.max(longest, s.closedAfterMillis);
            s.channel.close();
        }
        long rssAfter = largestWorkerRss(master);
        System.out.printf("hostile: %d slow headers closed after at most %d ms (timeout %d); good client %d echoes,"
                + " slowest %d ms; largest worker RSS %d -> %d KiB%n", SLOW, longest, TIMEOUT_MILLIS, goodEchoes,
                slowestGoodMillis, rssBefore, rssAfter);
        assertTrue(longest < TIMEOUT_MILLIS + 1500, "slowest close " + longest + " ms");
        assertTrue(slowestGoodMillis < 1000, "the good client waited " + slowestGoodMillis + " ms");
        assertTrue(rssAfter - rssBefore < 20 * 1024, "worker RSS grew by " + (rssAfter - rssBefore) + " KiB");
        Poll.until(Duration.ofSeconds(10), "300 timeouts counted", () ->
                ProxyProtocolIT.dropped(master, "proxy-protocol-timeout") == SLOW);

        // v2 headers that say 65,535 bytes follow: refused after 16, the body never read.
        byte[] oversized = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11,
                (byte) 0xFF, (byte) 0xFF};
        for (int i = 0; i < 50; i++) {
            try (SocketChannel big = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), master.port))) {
                big.write(ByteBuffer.wrap(oversized));
                big.socket().setSoTimeout(1000);
                long start = System.nanoTime();
                assertEquals(-1, readOrReset(big), "closed right after the fixed 16 bytes");
                assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
            }
        }
        Poll.until(Duration.ofSeconds(10), "50 refusals logged and counted", () ->
                ProxyProtocolIT.dropped(master, "proxy-protocol-invalid") == 50 && master.log().lines().filter(l ->
                        l.contains("refused: v2 header says 65551 bytes, more than the 4096 accepted")).count() == 50);
    }

    private static int readOrReset(SocketChannel channel) {
        try {
            return channel.socket().getInputStream().read();
        } catch (IOException reset) {
            return -1;
        }
    }

    private static long largestWorkerRss(MasterProcess master) throws IOException {
        long largest = 0;
        for (long pid : master.workerPids()) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    largest = Math.max(largest, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        }
        return largest;
    }

    /** One connection dripping the header, non-blocking, noting when the server closed it. */
    private static final class Slow {
        final SocketChannel channel;
        final long opened = System.nanoTime();
        int sent;
        long closedAfterMillis = -1;

        Slow(SocketChannel channel) throws IOException {
            this.channel = channel;
            channel.configureBlocking(false);
        }

        void drip() {
            if (closedAfterMillis >= 0) {
                return;
            }
            try {
                if (channel.read(ByteBuffer.allocate(16)) < 0) {
                    closed();
                    return;
                }
                if (sent < HEADER.length) {
                    sent += channel.write(ByteBuffer.wrap(HEADER, sent, 1));
                }
            } catch (IOException reset) {
                closed();
            }
        }

        private void closed() {
            closedAfterMillis = (System.nanoTime() - opened) / 1_000_000;
        }
    }
}
